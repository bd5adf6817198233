declare module 'canonicalize' {
  /** RFC 8785 JSON Canonicalization Scheme. */
  export default function canonicalize(value: unknown): string | undefined
}
