import { createTheme, type CSSVariablesResolver } from '@mantine/core';

export const theme = createTheme({
  primaryColor: 'teal',
  // Shade 9 keeps white text on primary, and primary text on white, above WCAG AA (4.5:1).
  primaryShade: 9,
  defaultRadius: 'sm',
  components: {
    // The filled active item reads clearly and keeps AA contrast.
    NavLink: {
      defaultProps: { variant: 'filled', color: 'teal.9' },
      vars: () => ({ root: { '--nl-hover': 'var(--mantine-color-teal-9)' } }),
    },
  },
  fontFamily: 'system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", Ubuntu, sans-serif',
});

// Mantine's default "dimmed" grey (gray.6) is 3.3:1 on white: too faint for a tired clerk.
export const cssVariablesResolver: CSSVariablesResolver = (t) => ({
  variables: {},
  light: { '--mantine-color-dimmed': t.colors.gray[7] },
  dark: {},
});
