import { createTheme } from '@mantine/core'

/**
 * One accent colour (indigo, shade 7 so white text on it meets WCAG AA), calm
 * radii and the system font stack. Network colours are used only to identify networks.
 */
export const theme = createTheme({
  primaryColor: 'indigo',
  primaryShade: { light: 7, dark: 7 },
  defaultRadius: 'md',
  cursorType: 'pointer',
  focusRing: 'auto',
  autoContrast: true,
  headings: { fontWeight: '650' },
  components: {
    // Required fields are marked by `required` (announced by screen readers); optional ones say
    // "(optional)". A bare "*" would otherwise become part of every field's accessible name.
    TextInput: { defaultProps: { withAsterisk: false } },
    PasswordInput: { defaultProps: { withAsterisk: false } },
    Select: { defaultProps: { withAsterisk: false } },
    Modal: { defaultProps: { radius: 'md', overlayProps: { backgroundOpacity: 0.45, blur: 2 } } },
    Tooltip: { defaultProps: { openDelay: 300 } },
  },
})
