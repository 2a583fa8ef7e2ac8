/** The offline malicious-domain list: comments and blanks ignored, bad lines reported with number and reason. */
import { listedDomain, parseDomainList, referrerHost } from './domain_list';

test('parses a list, reports bad lines, matches subdomains only under a listed domain', () => {
  const list = parseDomainList(
    '# list\nEvil.Example.\n\nbad domain\n' + 'a'.repeat(300) + '.com\nphish.test # trailing\n',
  );
  expect(list.domains).toEqual(['evil.example', 'phish.test']);
  expect(list.bad.map((b) => b.line)).toEqual([4, 5]);
  const set = new Set(list.domains);
  expect(listedDomain('x.y.evil.example', set)).toBe('evil.example');
  expect(listedDomain('notevil.example', set)).toBeUndefined();
  expect(referrerHost('https://user@Sub.Evil.Example:443/p')).toBe('sub.evil.example');
  expect(referrerHost('-')).toBeUndefined();
  expect(referrerHost('android-app://com.google')).toBeUndefined();
});
