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
    // A link inside a sentence must not rely on colour alone.
    Anchor: { defaultProps: { underline: 'always' } },
    // A spinner labelled "Carregando" must be announced: a bare span may not carry aria-label.
    Loader: { defaultProps: { role: 'status' } },
    // Close buttons need a name a screen reader can say.
    Modal: { defaultProps: { closeButtonProps: { 'aria-label': 'Fechar' } } },
    // With a title, Mantine greys the message to gray.6 (3.3:1): keep it readable.
    Notification: {
      defaultProps: { closeButtonProps: { 'aria-label': 'Fechar aviso' } },
      styles: { description: { color: 'var(--mantine-color-gray-8)' } },
    },
  },
  fontFamily: 'system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", Ubuntu, sans-serif',
});

/**
 * Mantine's defaults fall under AA contrast in places a tired clerk reads all day: the "dimmed"
 * grey (3.3:1) and the light variants (shade-6 text on a shade-1 tint). Light variants here use
 * a darkened shade 9 on the palest tint of each colour.
 */
export const cssVariablesResolver: CSSVariablesResolver = (t) => {
  const light: Record<string, string> = {
    '--mantine-color-dimmed': t.colors.gray[7],
    '--mantine-color-error': t.colors.red[8],
  };
  for (const [name, shades] of Object.entries(t.colors)) {
    light[`--mantine-color-${name}-light`] = shades[0];
    // Shade 9 of the warm colours (orange, yellow) is still under 4.5:1 on its tint: darken it a bit.
    light[`--mantine-color-${name}-light-color`] = `color-mix(in srgb, ${shades[9]}, black 25%)`;
  }
  light['--mantine-primary-color-light'] = t.colors.teal[0];
  light['--mantine-primary-color-light-color'] = t.colors.teal[9];
  return { variables: {}, light, dark: {} };
};
