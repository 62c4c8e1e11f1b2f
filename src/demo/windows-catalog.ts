/**
 * Windows binaries the demo day runs: path, version resource (as Sysmon reports it) and stable
 * fake hashes derived from the path, so one binary has one hash all day on every host.
 */
import { stableHex } from './random.ts';

export interface Binary {
  image: string;
  original: string;
  description: string;
  product: string;
  company: string;
  version: string;
}

const MS = 'Microsoft Corporation';
const WINOS = 'Microsoft® Windows® Operating System';
const WINVER = '10.0.22621.4460 (WinBuild.160101.0800)';
const OFFICE = 'C:\\Program Files\\Microsoft Office\\root\\Office16';
const SYS32 = 'C:\\Windows\\System32';
const DEFENDER = 'C:\\ProgramData\\Microsoft\\Windows Defender\\Platform\\4.18.24090.11-0';

const win = (file: string, description: string, original = file): Binary => ({
  image: `${SYS32}\\${file}`,
  original,
  description,
  product: WINOS,
  company: MS,
  version: WINVER,
});

const office = (file: string, description: string, original: string): Binary => ({
  image: `${OFFICE}\\${file}`,
  original,
  description,
  product: description,
  company: MS,
  version: '16.0.18129.20158',
});

export const BIN = {
  explorer: {
    ...win('explorer.exe', 'Windows Explorer', 'EXPLORER.EXE'),
    image: 'C:\\Windows\\explorer.exe',
  },
  userinit: win('userinit.exe', 'Userinit Logon Application', 'USERINIT.EXE'),
  services: win('services.exe', 'Services and Controller app'),
  svchost: win('svchost.exe', 'Host Process for Windows Services'),
  lsass: win('lsass.exe', 'Local Security Authority Process'),
  taskhostw: win('taskhostw.exe', 'Host Process for Windows Tasks'),
  backgroundTaskHost: win('backgroundTaskHost.exe', 'Background Task Host', 'backgroundTaskHost.exe'),
  searchProtocolHost: win('SearchProtocolHost.exe', 'Microsoft Windows Search Protocol Host'),
  wmiprvse: {
    ...win('WmiPrvSE.exe', 'WMI Provider Host', 'Wmiprvse.exe'),
    image: `${SYS32}\\wbem\\WmiPrvSE.exe`,
  },
  dllhost: win('dllhost.exe', 'COM Surrogate'),
  cmd: win('cmd.exe', 'Windows Command Processor', 'Cmd.Exe'),
  conhost: win('conhost.exe', 'Console Window Host', 'CONHOST.EXE'),
  powershell: {
    ...win('powershell.exe', 'Windows PowerShell', 'PowerShell.EXE'),
    image: `${SYS32}\\WindowsPowerShell\\v1.0\\powershell.exe`,
  },
  notepad: win('notepad.exe', 'Notepad', 'NOTEPAD.EXE'),
  mstsc: win('mstsc.exe', 'Remote Desktop Connection', 'mstsc.exe'),
  gpupdate: win('gpupdate.exe', 'Microsoft® Windows Group Policy Update Utility', 'GPUpdate.exe'),
  robocopy: win('Robocopy.exe', 'Microsoft® Robust File Copy for Windows', 'robocopy.exe'),
  rundll32: win('rundll32.exe', 'Windows host process (Rundll32)', 'RUNDLL32.EXE'),
  certutil: win('certutil.exe', 'CertUtil.exe', 'CertUtil.exe'),
  whoami: win('whoami.exe', 'whoami - displays logged on user information', 'whoami.exe'),
  net: win('net.exe', 'Net Command', 'net.exe'),
  net1: win('net1.exe', 'Net Command', 'net1.exe'),
  nltest: win('nltest.exe', 'Microsoft® Logon Server Test Utility', 'nltestrk.exe'),
  msmpeng: {
    image: `${DEFENDER}\\MsMpEng.exe`,
    original: 'MsMpEng.exe',
    description: 'Antimalware Service Executable',
    product: WINOS,
    company: MS,
    version: '4.18.24090.11 (WinBuild.160101.0800)',
  },
  mpcmdrun: {
    image: `${DEFENDER}\\MpCmdRun.exe`,
    original: 'MpCmdRun.exe',
    description: 'Microsoft Malware Protection Command Line Utility',
    product: WINOS,
    company: MS,
    version: '4.18.24090.11 (WinBuild.160101.0800)',
  },
  outlook: office('OUTLOOK.EXE', 'Microsoft Outlook', 'Outlook.exe'),
  winword: office('WINWORD.EXE', 'Microsoft Word', 'WinWord.exe'),
  excel: office('EXCEL.EXE', 'Microsoft Excel', 'Excel.exe'),
  chrome: {
    image: 'C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe',
    original: 'chrome.exe',
    description: 'Google Chrome',
    product: 'Google Chrome',
    company: 'Google LLC',
    version: '131.0.6778.86',
  },
  msedge: {
    image: 'C:\\Program Files (x86)\\Microsoft\\Edge\\Application\\msedge.exe',
    original: 'msedge.exe',
    description: 'Microsoft Edge',
    product: 'Microsoft Edge',
    company: MS,
    version: '131.0.2903.70',
  },
  teams: {
    image: 'C:\\Program Files\\WindowsApps\\MSTeams_24295.605.3225.8804_x64__8wekyb3d8bbwe\\ms-teams.exe',
    original: 'ms-teams.exe',
    description: 'Microsoft Teams',
    product: 'Microsoft Teams',
    company: MS,
    version: '24295.605.3225.8804',
  },
  onedrive: {
    image: 'C:\\Program Files\\Microsoft OneDrive\\OneDrive.exe',
    original: 'OneDrive.exe',
    description: 'Microsoft OneDrive',
    product: 'Microsoft OneDrive',
    company: MS,
    version: '24.211.1020.0003',
  },
  code: {
    image: 'C:\\Program Files\\Microsoft VS Code\\Code.exe',
    original: 'electron.exe',
    description: 'Visual Studio Code',
    product: 'Visual Studio Code',
    company: MS,
    version: '1.95.3',
  },
  git: {
    image: 'C:\\Program Files\\Git\\cmd\\git.exe',
    original: 'git.exe',
    description: 'Git for Windows',
    product: 'Git',
    company: 'The Git Development Community',
    version: '2.47.0.windows.2',
  },
  acrobat: {
    image: 'C:\\Program Files\\Adobe\\Acrobat DC\\Acrobat\\Acrobat.exe',
    original: 'Acrobat.exe',
    description: 'Adobe Acrobat',
    product: 'Adobe Acrobat',
    company: 'Adobe Systems Incorporated',
    version: '24.4.20220.0',
  },
  sqlservr: {
    image: 'C:\\Program Files\\Microsoft SQL Server\\MSSQL16.MSSQLSERVER\\MSSQL\\Binn\\sqlservr.exe',
    original: 'sqlservr.exe',
    description: 'SQL Server Windows NT - 64 Bit',
    product: 'Microsoft SQL Server',
    company: MS,
    version: '2022.160.4145.4 ((SQLServer2022-CU15).240812-2234)',
  },
  sqlagent: {
    image: 'C:\\Program Files\\Microsoft SQL Server\\MSSQL16.MSSQLSERVER\\MSSQL\\Binn\\SQLAGENT.EXE',
    original: 'SQLAGENT.EXE',
    description: 'SQLAGENT - SQL Server Agent',
    product: 'Microsoft SQL Server',
    company: MS,
    version: '2022.160.4145.4 ((SQLServer2022-CU15).240812-2234)',
  },
  agentExecutor: {
    image: 'C:\\Program Files (x86)\\Microsoft Intune Management Extension\\AgentExecutor.exe',
    original: 'AgentExecutor.exe',
    description: 'AgentExecutor',
    product: 'Microsoft Intune Management Extension',
    company: MS,
    version: '1.83.107.0',
  },
  system: {
    image: 'System',
    original: '-',
    description: '-',
    product: '-',
    company: '-',
    version: '-',
  },
} as const satisfies Record<string, Binary>;

export type BinKey = keyof typeof BIN;

/** Sysmon `Hashes` value for a binary path (stable fake digests). */
export function hashesOf(image: string): string {
  const h = (alg: string, n: number) => stableHex(`${alg}:${image.toLowerCase()}`, n).toUpperCase();
  return `SHA1=${h('sha1', 40)},MD5=${h('md5', 32)},SHA256=${h('sha256', 64)},IMPHASH=${h('imphash', 32)}`;
}
