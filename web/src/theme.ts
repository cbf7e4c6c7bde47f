import {
  type CSSVariablesResolver,
  createTheme,
  defaultVariantColorsResolver,
  parseThemeColor,
  type VariantColorsResolver,
} from '@mantine/core';

/**
 * Light variants (tinted background) take their text from shade 9 instead of Mantine's
 * lighter default, so badges, alerts and light buttons meet WCAG AA contrast.
 */
const variantColorResolver: VariantColorsResolver = (input) => {
  const colors = defaultVariantColorsResolver(input);
  if (input.variant !== 'light') return colors;
  const parsed = parseThemeColor({ color: input.color || input.theme.primaryColor, theme: input.theme });
  if (!parsed.isThemeColor) return colors;
  const text = `var(--mantine-color-${parsed.color}-9)`;
  return { ...colors, color: text, hoverColor: text };
};

/** The app's one theme: a calm teal, readable contrast, comfortable targets on phones. */
export const theme = createTheme({
  primaryColor: 'teal',
  primaryShade: 8,
  defaultRadius: 'md',
  fontFamily: 'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif',
  headings: { fontWeight: '650' },
  variantColorResolver,
  components: {
    // A toast's message under a title is gray-6 by default: too faint on white.
    Notification: { styles: { description: { color: 'var(--mantine-color-gray-8)' } } },
  },
  colors: {
    teal: [
      '#e6f6f4',
      '#ccebe7',
      '#99d6cf',
      '#66c2b7',
      '#33ad9f',
      '#1a9a8c',
      '#0f8275',
      '#0b6b60',
      '#08574e',
      '#05443d',
    ],
  },
});

/** Secondary and error text darker than Mantine's defaults, for WCAG AA contrast on white. */
export const cssVariablesResolver: CSSVariablesResolver = (t) => ({
  variables: {},
  light: {
    '--mantine-color-dimmed': t.colors.gray[7] ?? '#495057',
    '--mantine-color-error': t.colors.red[8] ?? '#e03131',
  },
  dark: {},
});
