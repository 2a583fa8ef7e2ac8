/**
 * What a screen reader gets from a chart (`<Settings {...chartA11y(titleId, figures)} />`): the name of the visible
 * title it sits under, and its figures in words. Both work around @elastic/charts: from 71 (Kibana 9.5) it no longer
 * renders an `ariaLabel` anywhere, so a chart named that way has no name there; and with the default summary on,
 * charts 70 and 71 write both description ids into the one `id` of our description's element, so `aria-describedby`
 * reaches only "bar chart", never the figures.
 */
export function chartA11y(titleId: string, description: string) {
  return { ariaLabelledBy: titleId, ariaDescription: description, ariaUseDefaultSummary: false } as const;
}
