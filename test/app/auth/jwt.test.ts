import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { decodeJwt } from '../../../app/auth/jwt.js';

const b64 = (v: unknown): string => Buffer.from(JSON.stringify(v)).toString('base64url');

describe('jwt', () => {
  it('reads sub (string or number) and exp without verifying', () => {
    const claims = decodeJwt(`${b64({ alg: 'HS256' })}.${b64({ sub: '8164', exp: 1_900_000_000 })}.sig`);
    assert.deepEqual(claims, { sub: '8164', expiresAt: new Date(1_900_000_000_000) });
    assert.equal(decodeJwt(`${b64({})}.${b64({ sub: 42 })}.x`)?.sub, '42');
  });

  it('treats opaque Sanctum tokens and garbage as not-a-JWT', () => {
    assert.equal(decodeJwt('12|hJt0xyzABCDEF'), undefined);
    assert.equal(decodeJwt('a.b.c'), undefined);
    assert.equal(decodeJwt(`${b64({})}.${b64([1])}.x`), undefined);
  });

  it('treats an unsigned `alg: none` token as opaque, so the user id comes from Laravel (issue 12.8)', () => {
    assert.equal(decodeJwt(`${b64({ alg: 'none', typ: 'JWT' })}.${b64({ sub: '1' })}.`), undefined);
    assert.equal(decodeJwt(`${b64({ alg: 'NONE' })}.${b64({ sub: '1' })}.x`), undefined);
    assert.equal(decodeJwt(`not-json.${b64({ sub: '1' })}.x`), undefined, 'a header that is not JSON is not a JWT');
  });
});
