import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/index.js';
import {
  checkSmtpHost,
  normalizeHexColor,
  parseBrandingChange,
  parseCadenceDays,
} from '../../src/domain/organization-settings.js';
import { deriveSecretKey, openSecret, sealSecret } from '../../src/domain/secret-box.js';

describe('the secret box', () => {
  const key = deriveSecretKey('an instance secret of at least thirty-two chars', 'smtp-password');

  it('opens what it sealed, and never seals the same text twice alike', () => {
    const a = sealSecret(key, 'p4ss', 'smtp-password:org1');
    const b = sealSecret(key, 'p4ss', 'smtp-password:org1');
    expect(a).not.toBe(b);
    expect(a).not.toContain('p4ss');
    expect(openSecret(key, a, 'smtp-password:org1')).toBe('p4ss');
  });

  it('does not open under another organization, another key or after tampering', () => {
    const sealed = sealSecret(key, 'p4ss', 'smtp-password:org1');
    expect(openSecret(key, sealed, 'smtp-password:org2')).toBeUndefined();
    const other = deriveSecretKey('another instance secret, also thirty-two chars', 'smtp-password');
    expect(openSecret(other, sealed, 'smtp-password:org1')).toBeUndefined();
    const [v, iv, tag, data] = sealed.split('.');
    const flipped = `${data?.[0] === 'A' ? 'B' : 'A'}${data?.slice(1)}`;
    expect(openSecret(key, [v, iv, tag, flipped].join('.'), 'smtp-password:org1')).toBeUndefined();
    expect(openSecret(key, 'garbage', 'smtp-password:org1')).toBeUndefined();
  });

  it('derives different keys for different purposes', () => {
    const a = deriveSecretKey('an instance secret of at least thirty-two chars', 'a');
    const b = deriveSecretKey('an instance secret of at least thirty-two chars', 'b');
    expect(a.equals(b)).toBe(false);
    expect(a.length).toBe(32);
  });
});

describe('SMTP host check', () => {
  it.each([
    ['smtp.example.com', false, undefined],
    ['93.184.215.14', false, undefined],
    ['127.0.0.1', false, true],
    ['10.0.0.5', false, true],
    ['192.168.1.1', false, true],
    ['169.254.169.254', false, true],
    ['[::1]', false, true],
    ['::ffff:127.0.0.1', false, true],
    ['localhost', false, true],
    ['mail.localhost', false, true],
    ['127.0.0.1', true, undefined],
    ['localhost', true, undefined],
    ['bad host', false, false],
    ['999.1.1.1', false, false],
    ['-x.example.com', false, false],
  ] as const)('%s (private allowed: %s) → refused %s', (host, allowPrivate, refused) => {
    expect(checkSmtpHost(host, allowPrivate)?.refused).toBe(refused);
  });
});

describe('branding colours', () => {
  it('normalises #rgb and #rrggbb to lowercase six digits and refuses the rest', () => {
    expect(normalizeHexColor('#ABC')).toBe('#aabbcc');
    expect(normalizeHexColor(' #A1b2C3 ')).toBe('#a1b2c3');
    for (const bad of ['red', '#abcd', '#12345g', 'abcdef', 'url(x)'])
      expect(normalizeHexColor(bad)).toBeUndefined();
  });

  it('clears a colour given as null or empty and names every bad key', () => {
    expect(parseBrandingChange({ bg_color: null, text_color: '', dark_shade: '#000' })).toEqual({
      bg_color: null,
      text_color: null,
      dark_shade: '#000000',
    });
    expect(() => parseBrandingChange({ bg_color: 'red', bright_shade: 'blue' })).toThrow(
      expect.objectContaining({
        fieldErrors: { bg_color: [expect.any(String)], bright_shade: [expect.any(String)] },
      }),
    );
  });
});

describe('cadence days', () => {
  it('accepts day names in any case, as a list or comma-separated, each once', () => {
    expect(parseCadenceDays(['monday', 'FRIDAY', 'Monday'])).toEqual(['Monday', 'Friday']);
    expect(parseCadenceDays('Tuesday, sunday')).toEqual(['Tuesday', 'Sunday']);
    expect(parseCadenceDays(['Funday'])).toBeUndefined();
    expect(parseCadenceDays(5)).toBeUndefined();
  });
});

describe('organization settings from the environment', () => {
  it('defaults to instance admins only, three a day, no private SMTP hosts', () => {
    const { organizations } = loadConfig({});
    expect(organizations).toEqual({
      creation: 'admins',
      instanceAdminEmails: [],
      createPerDay: 3,
      smtpAllowPrivate: false,
      smtpTimeoutMs: 30_000,
    });
  });

  it('reads the admin list lowercased and refuses an unknown creation mode', () => {
    const config = loadConfig({
      ORGANIZATION_CREATION: 'Everyone',
      INSTANCE_ADMIN_EMAILS: ' A@X.test ,b@y.test,',
    });
    expect(config.organizations.creation).toBe('everyone');
    expect(config.organizations.instanceAdminEmails).toEqual(['a@x.test', 'b@y.test']);
    expect(() => loadConfig({ ORGANIZATION_CREATION: 'some' })).toThrow(
      /ORGANIZATION_CREATION must be one of/,
    );
  });
});
