import { DARK_THEME, LIGHT_THEME, type Theme } from '@elastic/charts';
import { useEuiTheme } from '@elastic/eui';

/** Charts follow Kibana's colour mode (theme$ → EuiProvider → here), so dark mode has readable axes. */
export function useChartBaseTheme(): Theme {
  const { colorMode } = useEuiTheme();
  return colorMode === 'DARK' ? DARK_THEME : LIGHT_THEME;
}
