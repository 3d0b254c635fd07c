import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { execArg, launchCommand, startsHidden, xdgAutostartEntry, xdgAutostartPath } from '../../../app/desktop/autostart-entry.js';

describe('autostart entry', () => {
  it('starts hidden when launched at login', () => {
    assert.equal(startsHidden(['/opt/Echo Tray/echo-tray', '--hidden'], false), true);
    assert.equal(startsHidden(['/Applications/Echo Tray.app/Contents/MacOS/Echo Tray'], true), true);
    assert.equal(startsHidden(['echo-tray'], false), false);
  });

  it('launches this installation again: the AppImage file, the installed binary, or electron + app folder', () => {
    assert.deepEqual(
      launchCommand({
        execPath: '/tmp/.mount_Echo/echo-tray',
        appPath: '/x',
        isPackaged: true,
        appImage: '/home/a/Apps/Echo Tray.AppImage',
      }),
      ['/home/a/Apps/Echo Tray.AppImage', '--hidden'],
    );
    assert.deepEqual(
      launchCommand({ execPath: '/opt/Echo Tray/echo-tray', appPath: '/x', isPackaged: true, appImage: undefined }),
      ['/opt/Echo Tray/echo-tray', '--hidden'],
    );
    assert.deepEqual(
      launchCommand({ execPath: '/repo/node_modules/electron/dist/electron', appPath: '/repo', isPackaged: false, appImage: undefined }),
      ['/repo/node_modules/electron/dist/electron', '/repo', '--hidden'],
    );
  });

  it('lives in $XDG_CONFIG_HOME/autostart (a relative XDG_CONFIG_HOME is ignored, as the spec says)', () => {
    assert.equal(xdgAutostartPath({ XDG_CONFIG_HOME: '/cfg' }, '/home/a'), '/cfg/autostart/echo-tray.desktop');
    assert.equal(xdgAutostartPath({ XDG_CONFIG_HOME: 'cfg' }, '/home/a'), '/home/a/.config/autostart/echo-tray.desktop');
    assert.equal(xdgAutostartPath({}, '/home/a'), '/home/a/.config/autostart/echo-tray.desktop');
  });

  it('quotes Exec arguments as the Desktop Entry spec says', () => {
    assert.equal(execArg('/opt/echo-tray/echo-tray'), '/opt/echo-tray/echo-tray');
    assert.equal(execArg('/home/a/Apps/Echo Tray.AppImage'), '"/home/a/Apps/Echo Tray.AppImage"');
    assert.equal(execArg('/home/a/100%/x'), '/home/a/100%%/x', 'field codes');
    assert.equal(execArg('/a/$HOME/`x`"y"'), '"/a/\\\\$HOME/\\\\`x\\\\`\\\\"y\\\\""', 'escaped inside quotes, then as a string value');
    assert.equal(execArg('C:\\x'), '"C:\\\\\\\\x"', 'a literal backslash takes four');
    assert.equal(execArg(''), '""');
    assert.throws(() => execArg('a\nb'), /line break/);
  });

  it('is a valid [Desktop Entry] that starts the app hidden', () => {
    const text = xdgAutostartEntry({
      name: 'Echo Tray',
      comment: 'Laravel broadcasts\nas notifications',
      command: ['/home/a/Apps/Echo Tray.AppImage', '--hidden'],
    });
    assert.equal(
      text,
      [
        '[Desktop Entry]',
        'Type=Application',
        'Version=1.0',
        'Name=Echo Tray',
        'Comment=Laravel broadcasts\\nas notifications',
        'Exec="/home/a/Apps/Echo Tray.AppImage" --hidden',
        'Terminal=false',
        'StartupNotify=false',
        'X-GNOME-Autostart-enabled=true',
        '',
      ].join('\n'),
    );
  });
  it('escapes backslashes, carriage returns and tabs in the name and comment', () => {
    const lines = xdgAutostartEntry({ name: 'Echo\\Tray', comment: 'a\rb\tc', command: ['/opt/echo-tray'] }).split('\n');
    assert.ok(lines.includes('Name=Echo\\\\Tray'), lines.join('\n'));
    assert.ok(lines.includes('Comment=a\\rb\\tc'), lines.join('\n'));
  });
});
