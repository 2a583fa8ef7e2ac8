import React from 'react';
import { render } from '@testing-library/react';
import { StackedTimeBars } from './stacked_time_bars';

/** The props each chart's Settings received: the time axis's domain is there. */
const settings: Array<Record<string, unknown>> = [];
jest.mock('@elastic/charts', () => {
  const actual = jest.requireActual('@elastic/charts');
  const react = jest.requireActual('react');
  return {
    ...actual,
    Settings: (props: Record<string, unknown>) => {
      settings.push(props);
      return react.createElement(actual.Settings, props);
    },
  };
});

const DAY = 86_400_000;
const start = Date.parse('2026-11-03T00:00:00Z');

test('the time axis spans every bucket of the range, not only the buckets with counts', () => {
  // 31 daily buckets, alerts on the last three: the axis read "1st, 2nd, 3rd December", as if the range held no quiet
  // month before them.
  const times = Array.from({ length: 31 }, (_, i) => start + i * DAY);
  const rows = [28, 29, 30].map((i) => ({ time: times[i], count: 2, detector: 'Suspicious login' }));
  render(
    <StackedTimeBars
      id="t"
      rows={rows}
      splitBy="detector"
      times={times}
      yTitle="Alerts"
      titleId="title"
      description="d"
    />,
  );
  expect(settings.at(-1)!.xDomain).toEqual({ min: times[0], max: times[30], minInterval: DAY });
});

test('one bucket: its own start, with no interval to guess', () => {
  render(
    <StackedTimeBars id="t" rows={[]} splitBy="detector" times={[start]} yTitle="A" titleId="t" description="d" />,
  );
  expect(settings.at(-1)!.xDomain).toEqual({ min: start, max: start });
});
