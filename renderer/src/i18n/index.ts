// English and German. Each screen has its own namespace file (i18n/<lang>/<screen>.json);
// `common` holds words used everywhere.
import i18next from 'i18next'
import { initReactI18next } from 'react-i18next'
import { setFormatLocale } from '../format.ts'

type Resource = Record<string, unknown>
const files = import.meta.glob<Resource>('./*/*.json', { eager: true, import: 'default' })

export const LANGUAGES = ['en', 'de'] as const
export type Language = (typeof LANGUAGES)[number]
const STORAGE_KEY = 'stachanov.language'

const resources: Record<string, Record<string, Resource>> = {}
for (const [path, content] of Object.entries(files)) {
  const [, lang, ns] = /^\.\/(\w+)\/(\w+)\.json$/.exec(path) ?? []
  if (!lang || !ns) continue
  resources[lang] ??= {}
  resources[lang][ns] = content
}
export const NAMESPACES = Object.keys(resources.en ?? {})

function initialLanguage(): Language {
  const stored = localStorage.getItem(STORAGE_KEY)
  if (stored === 'en' || stored === 'de') return stored
  return navigator.language.toLowerCase().startsWith('de') ? 'de' : 'en'
}

/** Keeps a chosen language with the node too (App.tsx): it survives a new address or browser. */
let keep: ((lang: Language) => void) | null = null
export function keepLanguageWith(saver: (lang: Language) => void): void {
  keep = saver
}

export function setLanguage(lang: Language): void {
  localStorage.setItem(STORAGE_KEY, lang)
  void i18next.changeLanguage(lang)
  keep?.(lang)
}

/**
 * Once the node first answers: the language kept with it wins over this browser's (it is the
 * last one chosen anywhere); a choice made only here so far is given to the node.
 */
export function followKeptLanguage(kept: Language | null): void {
  const local = localStorage.getItem(STORAGE_KEY)
  if (kept) {
    localStorage.setItem(STORAGE_KEY, kept)
    if (i18next.language !== kept) void i18next.changeLanguage(kept)
  } else if (local === 'en' || local === 'de') {
    keep?.(local)
  }
}

i18next.on('languageChanged', (lang) => {
  document.documentElement.lang = lang
  setFormatLocale(lang)
})

export async function initI18n(): Promise<void> {
  const lng = initialLanguage()
  setFormatLocale(lng)
  document.documentElement.lang = lng
  await i18next.use(initReactI18next).init({
    resources,
    lng,
    fallbackLng: 'en',
    ns: NAMESPACES,
    defaultNS: 'common',
    interpolation: { escapeValue: false },
    returnNull: false
  })
}

export default i18next
