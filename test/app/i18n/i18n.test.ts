import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CATALOGS, channelDisplayName, createTranslator, localeFor, LOCALES, resolveLocale } from '../../../app/i18n/index.js';
import type { Catalog } from '../../../app/i18n/index.js';
import { en } from '../../../app/i18n/en.js';
import { zhCN } from '../../../app/i18n/zh-CN.js';

const placeholders = (text: string): string[] => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1] ?? '').sort();
const texts = (message: string | object): string[] =>
  typeof message === 'string' ? [message] : Object.values(message).filter((v): v is string => typeof v === 'string');

describe('message catalogs', () => {
  it('a catalog missing a key, or a call missing a parameter, does not compile', () => {
    const { 'tab.history': dropped, ...rest } = zhCN;
    // @ts-expect-error a catalog without 'tab.history' is not a Catalog
    const incomplete: Catalog = rest;
    const tr = createTranslator('en');
    // @ts-expect-error 'login.title' needs {server}
    const missingParam = (): string => tr.t('login.title');
    // @ts-expect-error no such key
    const unknownKey = (): string => tr.t('login.nope');
    assert.equal(dropped, '通知记录');
    assert.equal(Object.keys(incomplete).length, Object.keys(en).length - 1);
    assert.equal(typeof missingParam, 'function');
    assert.equal(typeof unknownKey, 'function');
  });

  it('every catalog has every English key, no blank message, and the same parameters in every form', () => {
    for (const locale of LOCALES) {
      const catalog = CATALOGS[locale] as Record<string, string | object>;
      assert.deepEqual(Object.keys(catalog).sort(), Object.keys(en).sort(), locale);
      for (const [key, english] of Object.entries(en)) {
        const message = catalog[key];
        assert.ok(message !== undefined, `${locale} ${key}`);
        const expected = [...new Set(texts(english).flatMap(placeholders))].sort();
        for (const text of texts(message)) {
          assert.notEqual(text.trim(), '', `${locale} ${key} is blank`);
          for (const p of placeholders(text)) assert.ok(expected.includes(p), `${locale} ${key}: {${p}} is not a parameter of "${key}"`);
        }
        const union = [...new Set(texts(message).flatMap(placeholders))].filter((p) => p !== 'count').sort();
        assert.deepEqual(union, expected.filter((p) => p !== 'count'), `${locale} ${key} drops a parameter`);
      }
    }
  });

  it('fills parameters, formats numbers, and picks plural forms with Intl.PluralRules', () => {
    const tr = createTranslator('en');
    assert.equal(tr.t('login.title', { server: 'Acme' }), 'Log in to Acme');
    assert.equal(tr.t('notice.summary', { count: 1, channel: 'Orders' }), '1 update in Orders');
    assert.equal(tr.t('notice.summary', { count: 12_000, channel: 'Orders' }), '12,000 updates in Orders');
    const zh = createTranslator('zh-CN');
    assert.equal(zh.t('notice.summary', { count: 12, channel: '订单' }), '订单：12 条更新');
    assert.equal(zh.t('history.arrivedMany', { count: 3 }), '3 条新通知');
    assert.equal(tr.t('history.arrivedMany', { count: 1 }), '1 new notification');
  });

  it('says relative times and dates in the chosen locale', () => {
    const now = Date.parse('2026-11-23T12:00:00Z');
    const en = createTranslator('en');
    const zh = createTranslator('zh-CN');
    assert.equal(en.relativeTime('2026-11-23T11:59:50Z', now), 'just now');
    assert.equal(zh.relativeTime('2026-11-23T11:59:50Z', now), '刚刚');
    assert.equal(en.relativeTime('2026-11-23T11:55:00Z', now), '5 minutes ago');
    assert.equal(zh.relativeTime('2026-11-23T11:55:00Z', now), '5分钟前');
    assert.equal(zh.relativeTime('2026-11-22T12:00:00Z', now), '昨天');
    assert.equal(zh.relativeTime('not a date', now), '时间未知');
    const local = new Date(2026, 10, 23, 9, 0);
    assert.equal(en.until(new Date(2026, 10, 23, 14, 30), local), '14:30');
    assert.equal(en.until(new Date(2026, 10, 24, 8, 0), local), 'tomorrow 08:00');
    assert.equal(zh.until(new Date(2026, 10, 24, 8, 0), local), '明天 08:00');
    assert.match(zh.until(new Date(2026, 10, 30, 8, 0), local), /2026年11月30日.*08:00/);
  });

  it('resolves the locale from a preference list; every Chinese tag reads Simplified Chinese', () => {
    assert.equal(resolveLocale(['zh-Hans-CN', 'en-US']), 'zh-CN');
    assert.equal(resolveLocale(['zh_TW']), 'zh-CN');
    assert.equal(resolveLocale(['fr-FR', 'en-GB', 'zh-CN']), 'en');
    assert.equal(resolveLocale(['fr-FR', 'de']), 'en');
    assert.equal(resolveLocale([]), 'en');
    assert.equal(localeFor('system', ['zh-CN']), 'zh-CN');
    assert.equal(localeFor('en', ['zh-CN']), 'en');
    assert.equal(localeFor('zh-CN', ['en-US']), 'zh-CN');
  });

  it('names channels by their profile label in the language, else a built-in name, else without the prefix', () => {
    const en = createTranslator('en');
    const zh = createTranslator('zh-CN');
    assert.equal(channelDisplayName('private-App.Models.User.8164', null, en), 'Notifications');
    assert.equal(channelDisplayName('private-App.Models.User.8164', null, zh), '通知');
    assert.equal(channelDisplayName('private-App.User.8164', undefined, zh), '通知');
    assert.equal(channelDisplayName('private-todoevent.updated.8164', null, en), 'todoevent.updated.8164');
    assert.equal(channelDisplayName('private-todoevent.updated.8164', 'My todos', zh), 'My todos');
    const both = { en: 'My todos', 'zh-CN': '我的待办' };
    assert.equal(channelDisplayName('private-todoevent.updated.8164', both, zh), '我的待办');
    assert.equal(channelDisplayName('private-todoevent.updated.8164', both, en), 'My todos');
    assert.equal(channelDisplayName('orders', { en: 'Orders' }, zh), 'Orders');
    assert.equal(channelDisplayName('orders', { 'zh-CN': '订单' }, en), '订单');
  });
});
