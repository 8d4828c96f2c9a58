/** The WHATWG fetch signature; networks take one so tests and fakes can answer on localhost. */
export type FetchFunction = typeof globalThis.fetch
