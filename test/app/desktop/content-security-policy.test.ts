import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { describe, it } from 'node:test';
import { CONTENT_SECURITY_POLICY, META_CONTENT_SECURITY_POLICY } from '../../../app/desktop/content-security-policy.js';

/** A serialized policy as CSP3 "parse a serialized CSP" does: directives split on ";", name then source list, first one wins. */
function directives(policy: string): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const token of policy.split(';')) {
    const [name, ...sources] = token.trim().split(/\s+/);
    if (name === undefined || name === '' || out.has(name.toLowerCase())) continue;
    out.set(name.toLowerCase(), sources);
  }
  return out;
}

/** What the window needs and nothing more: its own files, icons as data: URLs, no frames, forms, plugins or <base>. */
const WINDOW_POLICY: ReadonlyArray<[string, string[]]> = [
  ['default-src', ["'none'"]],
  ['script-src', ["'self'"]],
  ['style-src', ["'self'"]],
  ['img-src', ["'self'", 'data:']],
  ['font-src', ["'self'"]],
  ['connect-src', ["'self'"]],
  ['base-uri', ["'none'"]],
  ['form-action', ["'none'"]],
  ['frame-ancestors', ["'none'"]],
  ['object-src', ["'none'"]],
];

describe('the window\'s content security policy', () => {
  it('allows the window\'s own scripts, styles, images and fonts, and nothing else', () => {
    assert.deepEqual([...directives(CONTENT_SECURITY_POLICY)], WINDOW_POLICY);
    assert.equal(CONTENT_SECURITY_POLICY.split('; ').length, WINDOW_POLICY.length, 'one "; " between directives, none empty');
  });

  it('the <meta> form is the same policy less frame-ancestors (CSP3: a <meta> policy ignores frame-ancestors)', () => {
    assert.deepEqual([...directives(META_CONTENT_SECURITY_POLICY)], WINDOW_POLICY.filter(([name]) => name !== 'frame-ancestors'));
    assert.equal(META_CONTENT_SECURITY_POLICY.split('; ').length, WINDOW_POLICY.length - 1);
  });

  it('renderer/index.html repeats it word for word', async () => {
    const html = await readFile(new URL('../../../../renderer/index.html', import.meta.url), 'utf8');
    const meta = /<meta http-equiv="Content-Security-Policy" content="([^"]*)">/.exec(html);
    assert.equal(meta?.[1], META_CONTENT_SECURITY_POLICY);
  });
});
