/** The page in the Teams theme the user has: Teams' own colours, as CSS variables (tab.css). */
export interface Palette {
  background: string;
  emphasis: string;
  text: string;
  subtle: string;
  accent: string;
  good: string;
  warning: string;
  attention: string;
  onAccent: string;
  /** A button's fill: white text on it reads at 4.5:1 or more (the dark theme's accent, as text's colour, does not). */
  button: string;
  border: string;
}

/** Teams' own colours for its three themes. */
const PALETTES: Record<string, Palette> = {
  default: {
    background: '#FFFFFF',
    emphasis: '#F5F5F5',
    text: '#242424',
    subtle: '#616161',
    accent: '#5B5FC7',
    good: '#0E700E',
    warning: '#835B00',
    attention: '#C4314B',
    onAccent: '#FFFFFF',
    button: '#5B5FC7',
    border: '#D1D1D1',
  },
  dark: {
    background: '#292929',
    emphasis: '#1F1F1F',
    text: '#FFFFFF',
    subtle: '#ADADAD',
    accent: '#7F85F5',
    good: '#54B054',
    warning: '#F2E384',
    // Teams' #F9526B reads at 4.47:1 on this background, under WCAG's 4.5.
    attention: '#FF6B80',
    onAccent: '#FFFFFF',
    button: '#4F52B2',
    border: '#5C5C5C',
  },
  contrast: {
    background: '#000000',
    emphasis: '#000000',
    text: '#FFFFFF',
    subtle: '#FFFFFF',
    accent: '#FFFF01',
    good: '#3FF23F',
    warning: '#FFFF01',
    attention: '#FF5F5F',
    onAccent: '#000000',
    button: '#FFFF01',
    border: '#FFFFFF',
  },
};

export function paletteOf(theme: string): Palette {
  return PALETTES[theme] ?? PALETTES.default;
}

/** Sets the page's colours for `theme` (default, dark, contrast). */
export function applyTheme(theme: string): void {
  const palette = paletteOf(theme);
  document.body.dataset.theme = theme;
  const style = document.body.style;
  style.setProperty('--background', palette.background);
  style.setProperty('--text', palette.text);
  style.setProperty('--accent', palette.accent);
  style.setProperty('--on-accent', palette.onAccent);
  style.setProperty('--button', palette.button);
  style.setProperty('--border', palette.border);
  style.setProperty('--subtle', palette.subtle);
  style.setProperty('--attention', palette.attention);
  style.setProperty('--good', palette.good);
}
