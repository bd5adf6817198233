// The trust network as a graph: collectives as nodes coloured by subsystem, strong trust as
// edges. Cytoscape draws on a canvas and lays out a few hundred nodes in well under a second.
import cytoscape from 'cytoscape'
import { useEffect, useRef } from 'react'
import type { TrustView } from '../../api-types.ts'

/** Colour-blind-friendly palette (Okabe–Ito), repeated for more subsystems. */
export const PALETTE = [
  '#0072B2',
  '#E69F00',
  '#009E73',
  '#CC79A7',
  '#56B4E9',
  '#D55E00',
  '#F0E442',
  '#999999'
]

export function subsystemColours(view: TrustView): Map<string, string> {
  const order = [...view.subsystems].sort(
    (a, b) => b.members.length - a.members.length || a.id.localeCompare(b.id)
  )
  return new Map(order.map((s, i) => [s.id, PALETTE[i % PALETTE.length]!]))
}

/**
 * Cytoscape adds a <style> element for its container unless one with this id exists; a strict
 * CSP (no inline styles) blocks that, so a placeholder takes its place and styles.css has the rule.
 */
function claimCytoscapeStylesheet(): void {
  const id = '__________cytoscape_stylesheet'
  if (document.getElementById(id)) return
  const placeholder = document.createElement('meta')
  placeholder.id = id
  document.head.append(placeholder)
}

export function TrustGraph({
  view,
  me,
  label,
  onSelect
}: {
  view: TrustView
  me: string | undefined
  label: string
  onSelect: (id: string) => void
}) {
  const container = useRef<HTMLDivElement>(null)
  const select = useRef(onSelect)
  useEffect(() => {
    select.current = onSelect
  }, [onSelect])

  useEffect(() => {
    if (!container.current) return
    claimCytoscapeStylesheet()
    const colours = subsystemColours(view)
    const styles = getComputedStyle(document.documentElement)
    const text = styles.getPropertyValue('--text').trim() || '#000'
    const edge = styles.getPropertyValue('--muted').trim() || '#888'
    const big = view.collectives.length > 60
    const cy = cytoscape({
      container: container.current,
      elements: [
        ...view.collectives.map((c) => ({
          data: {
            id: c.id,
            label: c.name,
            colour: colours.get(c.subsystem ?? '') ?? '#999',
            me: c.id === me ? 1 : 0
          }
        })),
        ...view.edges.map((e) => ({ data: { id: `${e.a}-${e.b}`, source: e.a, target: e.b } }))
      ],
      style: [
        {
          selector: 'node',
          style: {
            'background-color': 'data(colour)',
            label: 'data(label)',
            color: text,
            'font-size': big ? 8 : 12,
            'text-valign': 'bottom',
            'text-margin-y': 3,
            width: big ? 10 : 22,
            height: big ? 10 : 22,
            'min-zoomed-font-size': 7
          }
        },
        {
          selector: 'node[me = 1]',
          style: {
            'border-width': 3,
            'border-color': text,
            width: big ? 16 : 30,
            height: big ? 16 : 30,
            'font-weight': 'bold'
          }
        },
        { selector: 'edge', style: { width: 1.5, 'line-color': edge, opacity: 0.7 } },
        { selector: ':selected', style: { 'border-width': 3, 'border-color': '#E69F00' } }
      ],
      layout: {
        name: 'cose',
        animate: false,
        nodeRepulsion: () => (big ? 8000 : 20000),
        idealEdgeLength: () => (big ? 40 : 80),
        randomize: true,
        fit: true,
        padding: 20
      } as cytoscape.LayoutOptions,
      maxZoom: 1.6,
      minZoom: 0.2
    })
    cy.on('tap', 'node', (e) => select.current(e.target.id()))
    return () => cy.destroy()
  }, [view, me])

  return <div className="graph" ref={container} role="img" aria-label={label} />
}
