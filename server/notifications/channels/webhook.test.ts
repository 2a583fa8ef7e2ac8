/** The webhook channel's Bearer JWT lifetime (`jwt.expiresIn`), as kibana.yml gives it. */
import { notifiersSchema } from '../config_schema';

const hook = (expiresIn: string) => [
  {
    type: 'webhook',
    name: 'hook',
    url: 'https://h.example/x',
    jwt: { secret: 'a-secret-of-at-least-thirty-two-chars!', expiresIn },
  },
];

test('a JWT lifetime past a day, or under a second, is refused at startup naming the key', () => {
  // Each attempt signs a fresh token (channels/webhook.ts), so it only has to outlive one request (time-out at most
  // 10m) and the receiver's clock skew. A lifetime of years made every token, once leaked from a proxy's or the
  // receiver's logs, replayable for years; `99999999999999999999d` signed `exp` 8.64e24, not even an integer date.
  for (const bad of ['2d', '3650d', '99999999999999999999d', '0s', '500ms'])
    expect(() => notifiersSchema.validate(hook(bad))).toThrow(/jwt\.expiresIn\]: must be 1s to 1d/);
  for (const [good, seconds] of [
    ['1s', 1],
    ['300s', 300],
    ['1d', 86_400],
  ] as const) {
    const [channel] = notifiersSchema.validate(hook(good));
    expect(channel.type === 'webhook' && channel.jwt?.expiresIn.asSeconds()).toBe(seconds);
  }
});
