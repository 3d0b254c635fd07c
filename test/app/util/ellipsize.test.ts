import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ellipsize } from '../../../app/util/ellipsize.js';

describe('ellipsize', () => {
  it('keeps text that fits, cuts longer text to max units ending with an ellipsis', () => {
    assert.equal(ellipsize('abc', 3), 'abc');
    assert.equal(ellipsize('abcd', 3), 'ab…');
    assert.equal(ellipsize('连接被拒绝', 4), '连接被…');
  });

  it('never leaves half a surrogate pair before the ellipsis', () => {
    assert.equal(ellipsize('ab😀cd', 4), 'ab…');
    assert.equal(ellipsize('a😀cd', 4), 'a😀…');
    assert.equal(ellipsize('😀😀😀', 4), '😀…');
  });
});
