// Which X API base URLs Chorus will send credentials to: https anywhere, plain http only on this machine.
import { isIP } from 'node:net';

/** Whether a URL's host is this machine (127.0.0.0/8, ::1, localhost), which may be spoken to over http. */
export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  if (host === 'localhost' || host.endsWith('.localhost')) return true;
  if (isIP(host) === 4) return host.startsWith('127.');
  if (isIP(host) === 6) return host === '::1' || host === '0:0:0:0:0:0:0:1';
  return false;
}

/** Why Chorus refuses `value` as the X API base URL, or undefined when it is acceptable. */
export function apiUrlProblem(value: string): string | undefined {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return 'is not a URL';
  }
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && isLoopbackHost(url.hostname))) {
    return `must use https (plain http only for this machine: 127.0.0.1, ::1, localhost); it is ${url.protocol}//${url.host}`;
  }
  if (url.username !== '' || url.password !== '') return 'must not carry a user name or password';
  return undefined;
}
