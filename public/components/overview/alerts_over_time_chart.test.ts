import { overTimeRows } from './alerts_over_time_chart';

test("the legend names a sequence rule by its alerts' rule name, a built-in detector by the list's label, else the id", () => {
  const rows = overTimeRows({
    interval: 'day',
    total: 4,
    buckets: [
      {
        start: '2024-05-01T00:00:00.000Z',
        total: 4,
        by_detector: { sequence_porlock_otp_password: 2, password_spray: 1, unnamed_rule: 1 } as never,
      },
    ],
    detector_names: { sequence_porlock_otp_password: 'OTP then password reset', password_spray: 'ignored' },
  });
  expect(rows.map((r) => [r.detector, r.count])).toEqual([
    ['OTP then password reset', 2],
    ['Password spray', 1],
    ['unnamed_rule', 1],
  ]);
});
