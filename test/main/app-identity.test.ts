import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { APP_START_URL, isAppUrl } from '../../main/app-identity.js';

describe('isAppUrl: only the app\'s own origin', () => {
  it('accepts app://echo-tray/ pages', () => {
    assert.equal(APP_START_URL, 'app://echo-tray/index.html');
    assert.equal(isAppUrl(APP_START_URL), true);
    assert.equal(isAppUrl('app://echo-tray/assets/x.js?v=1#top'), true);
  });

  it('refuses other schemes, hosts, credentials, ports and non-URLs', () => {
    for (const url of [
      'https://echo-tray/index.html',
      'app://evil.example/index.html',
      'app://echo-tray.evil.example/',
      'app://user@echo-tray/index.html',
      'app://:secret@echo-tray/index.html',
      'app://echo-tray:8080/index.html',
      'file:///index.html',
      'not a url',
      '',
    ]) assert.equal(isAppUrl(url), false, url);
  });
});
