/**
 * The looks an owner picks for their pages: a palette, a font, a layout and an accent colour.
 * Palettes, fonts and layouts are classes of the one stylesheet (stylesheet.ts); the accent is
 * the only value written per page, and only as a validated #rrggbb.
 */
export const PALETTES = ['light', 'warm', 'dark', 'forest'] as const
export const FONTS = ['system', 'serif', 'rounded', 'mono'] as const
export const LAYOUTS = ['centered', 'wide'] as const

export type Palette = (typeof PALETTES)[number]
export type Font = (typeof FONTS)[number]
export type Layout = (typeof LAYOUTS)[number]

export interface PageTheme {
  palette: Palette
  font: Font
  layout: Layout
  /** #rrggbb, lower case. */
  accent: string
}

const DEFAULT_ACCENT: Record<Palette, string> = {
  light: '#2563eb',
  warm: '#c2410c',
  dark: '#60a5fa',
  forest: '#15803d',
}

export const DEFAULT_THEME: PageTheme = {
  palette: 'light',
  font: 'system',
  layout: 'centered',
  accent: DEFAULT_ACCENT.light,
}

export const HEX_COLOUR = /^#[0-9a-f]{6}$/

const oneOf = <T extends string>(list: readonly T[], value: unknown, fallback: T): T =>
  (list as readonly unknown[]).includes(value) ? (value as T) : fallback

/** A theme from stored or submitted JSON; anything unknown falls back to the default. */
export function readTheme(value: unknown): PageTheme {
  const record = (typeof value === 'object' && value !== null ? value : {}) as Record<
    string,
    unknown
  >
  const palette = oneOf(PALETTES, record.palette, DEFAULT_THEME.palette)
  const accent =
    typeof record.accent === 'string' && HEX_COLOUR.test(record.accent.toLowerCase())
      ? record.accent.toLowerCase()
      : DEFAULT_ACCENT[palette]
  return {
    palette,
    font: oneOf(FONTS, record.font, DEFAULT_THEME.font),
    layout: oneOf(LAYOUTS, record.layout, DEFAULT_THEME.layout),
    accent,
  }
}

function channel(value: number): number {
  const c = value / 255
  return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4
}

/** WCAG relative luminance of #rrggbb. */
export function luminance(hex: string): number {
  const n = Number.parseInt(hex.slice(1), 16)
  return (
    0.2126 * channel((n >> 16) & 255) + 0.7152 * channel((n >> 8) & 255) + 0.0722 * channel(n & 255)
  )
}

export function contrastRatio(a: string, b: string): number {
  const [light, dark] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number]
  return (light + 0.05) / (dark + 0.05)
}

/** Text colour on the accent (buttons): whichever of near-black and white reads better. */
export function inkOn(accent: string): string {
  return contrastRatio(accent, '#111111') >= contrastRatio(accent, '#ffffff')
    ? '#111111'
    : '#ffffff'
}

/** The per-page CSS: two custom properties, from validated colours only. */
export function themeCss(theme: PageTheme): string {
  return `:root{--accent:${theme.accent};--on-accent:${inkOn(theme.accent)}}`
}

export function bodyClasses(theme: PageTheme): string {
  return `p-${theme.palette} f-${theme.font} l-${theme.layout}`
}
