/** The rule test's starting point: a small rule and two Sysmon events, one it matches and one it does not. */
export const EXAMPLE_RULE = `title: Whoami privilege discovery
id: 6f1c7f4e-3c5a-4a0e-9b1e-2f3d4c5b6a79
status: test
level: medium
tags: [attack.discovery, attack.t1033]
logsource: {product: windows, category: process_creation}
detection:
  selection:
    Image|endswith: '\\whoami.exe'
    CommandLine|contains: '/priv'
  condition: selection
`;

const sysmon = (image: string, cmd: string) =>
  JSON.stringify({
    winlog: {
      channel: 'Microsoft-Windows-Sysmon/Operational',
      event_id: '1',
      computer_name: 'ws-042',
      event_data: { Image: image, CommandLine: cmd, User: 'CORP\\ana' },
    },
    '@timestamp': '2026-01-05T10:15:00Z',
  });

export const EXAMPLE_EVENTS = [
  sysmon('C:\\Windows\\System32\\whoami.exe', 'whoami /priv'),
  sysmon('C:\\Windows\\System32\\notepad.exe', 'notepad.exe report.txt'),
].join('\n');
