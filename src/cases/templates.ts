/**
 * Task templates per incident type: the checklist a SOC works through for a phishing report, a
 * malware infection, ransomware, a compromised account, data exfiltration or an insider case.
 * Each task is tagged with its IR phase (NIST SP 800-61) and says concretely what to do and why.
 * Choosing an incident type on a case adds its tasks once (`template` on a task is
 * `<type>/<key>`, which is how "once" is told).
 */
import type { CasePhase } from './phases.ts';

export const INCIDENT_TYPES = [
  'phishing',
  'malware',
  'ransomware',
  'account_compromise',
  'data_exfiltration',
  'insider',
  'other',
] as const;
export type IncidentType = (typeof INCIDENT_TYPES)[number];
export type TemplatedIncidentType = Exclude<IncidentType, 'other'>;

export const isIncidentType = (s: string): s is IncidentType =>
  (INCIDENT_TYPES as readonly string[]).includes(s);

export interface TaskTemplate {
  /** Stable within its incident type (`headers`); the task's `template` is `<type>/<key>`. */
  key: string;
  title: string;
  phase: CasePhase;
  description: string;
}

export interface IncidentTemplate {
  type: TemplatedIncidentType;
  name: string;
  summary: string;
  tasks: readonly TaskTemplate[];
}

const t = (key: string, phase: CasePhase, title: string, description: string): TaskTemplate => ({
  key,
  phase,
  title,
  description,
});

const PHISHING: IncidentTemplate = {
  type: 'phishing',
  name: 'Phishing',
  summary:
    'A reported or detected phishing message: scope the campaign, pull it from mailboxes, and contain the users who interacted with it.',
  tasks: [
    t(
      'headers',
      'detection_analysis',
      'Pull the message headers, URLs and attachments',
      'Export the original message (.eml/.msg) from the reporter or the mail gateway and attach it as evidence. Record the full headers (Return-Path, Received chain, Message-ID, SPF/DKIM/DMARC results), the sender address and display name, every URL (including ones hidden behind buttons and redirectors) and the hashes of every attachment. Add the sender, domains, URLs and hashes as observables.',
    ),
    t(
      'analyze',
      'detection_analysis',
      'Analyze the links and attachments in a sandbox',
      'Detonate attachments and open URLs in an isolated sandbox or with a URL scanner, never from a workstation. Note what the page asks for (credentials, MFA codes, a download), where submitted data is posted, and any payload dropped. Decide whether the message is credential phishing, malware delivery, or a business-email-compromise pretext, and set the case severity accordingly.',
    ),
    t(
      'recipients',
      'detection_analysis',
      'Search mail logs for other recipients',
      'Search the mail gateway and message-trace logs for the same sender, subject, Message-ID pattern, sending IPs, URLs and attachment hashes over at least the last 14 days. List every recipient, whether the message was delivered, quarantined or blocked, and note campaigns that used several senders or subjects.',
    ),
    t(
      'clicks',
      'detection_analysis',
      'Find who clicked, opened or replied',
      'Check proxy, DNS and secure-web-gateway logs for requests to the phishing URLs and domains, URL-rewrite click logs, EDR telemetry for opened attachments and child processes of the mail client, and sent items for replies to the attacker. Each user who interacted is a lead for the next tasks; record them as observables.',
    ),
    t(
      'block',
      'containment',
      'Block the sender, domains and URLs',
      'Add the sender address and sending domain to the mail gateway block list, and the phishing domains, URLs and IPs to the web proxy, DNS firewall and EDR block lists. Block attachment hashes in the EDR. Record each block with its expiry so it can be reviewed later.',
    ),
    t(
      'purge',
      'containment',
      'Purge the message from all mailboxes',
      'Run a search-and-purge (e.g. Microsoft 365 compliance search with a purge action, or the Google Workspace investigation tool) for every copy found in the recipient search, including deleted items where possible. Confirm the count purged equals the count delivered, and keep the search query in the case.',
    ),
    t(
      'credentials',
      'containment',
      'Reset credentials of users who submitted them',
      'For every user who entered credentials or an MFA code on the phishing page: reset the password, revoke active sessions and refresh tokens, and review registered MFA methods for anything the attacker added. Tell the users what happened and why their sessions ended.',
    ),
    t(
      'mailbox-rules',
      'eradication',
      'Review mailbox rules and OAuth grants of affected users',
      'Attackers who get into a mailbox often add forwarding or hide-and-delete inbox rules, delegate access, or consent to a malicious OAuth application. Check these for every affected account and remove what the user did not create; record what was found as evidence of compromise.',
    ),
    t(
      'endpoints',
      'eradication',
      'Scan endpoints of users who opened attachments',
      'For each host where an attachment was opened or a payload downloaded, run a full EDR scan, review process, persistence and network activity since the time of opening, and isolate the host if anything executed. Hand confirmed infections over to a malware case.',
    ),
    t(
      'sign-ins',
      'recovery',
      'Watch sign-ins of affected accounts',
      'For two weeks after the reset, watch sign-ins of the affected accounts for logins from new countries, unfamiliar devices, legacy protocols or impossible travel, and for new MFA registrations. Lift temporary restrictions once the accounts show only expected activity.',
    ),
    t(
      'notify-users',
      'recovery',
      'Warn staff about the campaign',
      'Send a short notice to the targeted users (or the whole organisation for a wide campaign) describing the lure, the sender and how to report similar messages. Thank the reporter; fast reports are what made containment possible.',
    ),
    t(
      'lessons',
      'post_incident',
      'Review mail filtering and awareness gaps',
      'Record why the gateway delivered the message (missing DMARC enforcement, a newly registered domain, a trusted sender), how long it took from delivery to the first report and to the purge, and what would have stopped it earlier. Turn the answers into follow-up actions in the post-incident review.',
    ),
  ],
};

const MALWARE: IncidentTemplate = {
  type: 'malware',
  name: 'Malware infection',
  summary:
    'Malicious code executed on one or more hosts: contain the hosts, learn what the malware does, remove it everywhere it is.',
  tasks: [
    t(
      'triage-host',
      'detection_analysis',
      'Confirm the detection on the host',
      'Review the EDR or antivirus alert: the file path, hash, signer, parent process and command line, and the user it ran as. Look the hash up in threat intelligence and decide whether this is a true infection, a blocked attempt, or a false positive. Add host, user, hashes and paths as observables.',
    ),
    t(
      'collect',
      'detection_analysis',
      'Collect the sample and volatile data',
      'Acquire the malicious file and, before any reboot, a memory image and the EDR triage package (running processes, network connections, autoruns, scheduled tasks, recent files). Attach them as evidence with their hashes so later analysis can be repeated.',
    ),
    t(
      'entry',
      'detection_analysis',
      'Find how the malware arrived',
      'Work backwards from the first execution: email attachment, download from a web page, USB device, exploitation of an exposed service, or lateral movement from another host. The entry point decides what else to search and which control failed.',
    ),
    t(
      'behavior',
      'detection_analysis',
      'Determine capabilities, persistence and C2',
      'From sandbox runs, reverse engineering or vendor reports, list what the malware does: persistence mechanisms, command-and-control domains and IPs, credential theft, lateral movement and data staging. Add every indicator as an observable and map the behaviour to ATT&CK techniques.',
    ),
    t(
      'scope',
      'detection_analysis',
      'Hunt for the indicators across the estate',
      'Search EDR telemetry and logs of every host for the file hashes, persistence artefacts, mutexes, and connections to the C2 infrastructure. Every additional host becomes part of this case; an empty search should be recorded with the query and time range used.',
    ),
    t(
      'isolate',
      'containment',
      'Isolate infected hosts',
      'Network-isolate each infected host through the EDR (keeping the management channel), or move it to a quarantine VLAN. Note the time of isolation per host: it bounds how long the attacker had access.',
    ),
    t(
      'block-ioc',
      'containment',
      'Block C2 infrastructure and hashes',
      'Block the C2 domains and IPs at the DNS resolver, proxy and firewall, and the malware hashes in the EDR, on every host rather than only the infected ones. Watch for blocked connection attempts: they reveal hosts the hunt missed.',
    ),
    t(
      'credentials',
      'containment',
      'Reset credentials exposed on infected hosts',
      'Any account that logged in to an infected host while the malware ran may have been captured, especially if the malware steals credentials. Reset those passwords, revoke their sessions and tokens, and rotate service account and local administrator secrets present on the host.',
    ),
    t(
      'remove',
      'eradication',
      'Remove the malware or reimage',
      'Prefer reimaging hosts from a known-good image when the malware had administrative rights or persistence you cannot fully enumerate. Otherwise remove every persistence artefact found in the analysis and rescan. Record for each host which way it was cleaned.',
    ),
    t(
      'patch-entry',
      'eradication',
      'Close the entry point',
      'Fix what let the malware in: patch the exploited software, tighten attachment or download filtering, disable macros from the internet, or block removable media. Confirm the fix on every host with the same exposure, not only the infected ones.',
    ),
    t(
      'restore',
      'recovery',
      'Return hosts to service and monitor them',
      'Reconnect cleaned hosts one at a time, verify the EDR agent is healthy and the indicators stay absent, and restore user data from backups taken before the infection if it was damaged. Keep heightened monitoring for re-infection for at least two weeks.',
    ),
    t(
      'lessons',
      'post_incident',
      'Review detection coverage and dwell time',
      'Record when the malware first ran, when it was detected, and when each host was contained. Note which detections fired and which should have, and add rules or hunting queries for the behaviour seen; list them as follow-up actions in the review.',
    ),
  ],
};

const RANSOMWARE: IncidentTemplate = {
  type: 'ransomware',
  name: 'Ransomware',
  summary:
    'Files encrypted or exfiltrated for extortion: stop the spread first, protect the backups, then rebuild from a clean state.',
  tasks: [
    t(
      'scope-encryption',
      'detection_analysis',
      'Identify encrypted systems and the strain',
      'List hosts and shares with encrypted files or ransom notes, the file extension and note text, and identify the ransomware family from the note, extension and sample (e.g. via ID Ransomware or vendor reports). The family tells you whether data theft is typical and whether a decryptor exists.',
    ),
    t(
      'isolate-now',
      'containment',
      'Isolate affected hosts and segments immediately',
      'Disconnect encrypting hosts from the network (EDR isolation or pulling the cable; do not power them off, memory holds keys and evidence). If encryption is spreading, isolate whole segments or shut down SMB between them. Speed matters more than precision at this step.',
    ),
    t(
      'protect-backups',
      'containment',
      'Protect and verify the backups',
      'Take backup systems offline or make them immutable, revoke the backup credentials the attacker may hold, and check that recent restore points exist and are not encrypted or deleted. Without intact backups, recovery options narrow to decryption.',
    ),
    t(
      'disable-accounts',
      'containment',
      'Disable accounts the attacker used',
      'Find the accounts used to deploy the ransomware (often domain administrators or a software-deployment service account) from logon events and the deployment method (GPO, PsExec, remote management tools). Disable them and reset the KRBTGT password twice if domain administrator access is confirmed.',
    ),
    t(
      'evidence',
      'detection_analysis',
      'Preserve evidence before rebuilding',
      'Capture memory and disk images of at least one patient-zero host and a domain controller, the ransom note, a sample of encrypted files and the binary. Attach hashes as evidence: insurers, law enforcement and any decryption effort will need them.',
    ),
    t(
      'initial-access',
      'detection_analysis',
      'Trace initial access and lateral movement',
      'Reconstruct the intrusion from the first foothold (VPN login, phishing, exposed RDP, exploited appliance) through privilege escalation to deployment. Ransomware is usually the last step of an intrusion that ran for days; each step is something to close.',
    ),
    t(
      'exfiltration',
      'detection_analysis',
      'Check for data exfiltration',
      'Look for staging archives, rclone, MEGA or other cloud-sync tools, and large outbound transfers in firewall and proxy logs in the days before encryption. Double extortion means stolen data may be published; this decides whether breach notification applies (flag personal data on the case if it does).',
    ),
    t(
      'notify',
      'containment',
      'Notify management, legal, insurer and authorities',
      'Brief management and legal counsel on scope and impact, notify the cyber insurer within the policy deadline, and report to law enforcement or the national CERT as required. Do not contact or pay the attacker without legal and management decisions recorded in the case.',
    ),
    t(
      'eradicate',
      'eradication',
      'Remove attacker access everywhere',
      'Remove every persistence mechanism, backdoor account, remote-access tool and scheduled task found, patch the initial access vector, and rotate all privileged credentials. Rebuild domain controllers from known-good media if the directory was compromised.',
    ),
    t(
      'rebuild',
      'recovery',
      'Restore systems from clean backups in priority order',
      'Agree the restoration order with the business (identity, core infrastructure, then critical applications), restore from restore points taken before the intrusion began, and scan each restored system before reconnecting it. Record each system restored and its restore point.',
    ),
    t(
      'monitor',
      'recovery',
      'Monitor for the attacker returning',
      'Watch closely for the indicators of this intrusion, new privileged accounts, remote-access tools and mass file modifications for at least a month. Attackers frequently try to return through access they set up and was missed.',
    ),
    t(
      'lessons',
      'post_incident',
      'Review backup, segmentation and response time',
      'Record how long from initial access to detection and to encryption, how long recovery took, and whether backups were sufficient. Follow-up actions typically cover immutable backups, tiered administration, MFA on remote access and segmentation.',
    ),
  ],
};

const ACCOUNT_COMPROMISE: IncidentTemplate = {
  type: 'account_compromise',
  name: 'Account compromise',
  summary:
    "Someone other than the owner uses an account: cut off the attacker's sessions and find everything done with the account.",
  tasks: [
    t(
      'confirm',
      'detection_analysis',
      'Confirm the suspicious activity with the owner',
      'Reach the account owner through a channel other than the account itself (phone, in person) and confirm whether the flagged sign-ins, locations, devices or actions were theirs. Record the answer and the time you asked.',
    ),
    t(
      'sign-in-review',
      'detection_analysis',
      'Review sign-in history',
      'Pull the identity provider and VPN sign-in logs for the account over the last 30 days: source IPs, countries, user agents, device ids, MFA results and the applications accessed. Mark the first malicious sign-in; add attacker IPs and user agents as observables.',
    ),
    t(
      'how',
      'detection_analysis',
      'Determine how the credentials were obtained',
      'Check for phishing messages received before the first malicious sign-in, password spraying or brute-force failures against the account, MFA fatigue (many pushes), session-token theft, and the account in breach corpora. The method decides whether other accounts are also exposed.',
    ),
    t(
      'actions',
      'detection_analysis',
      'List everything done with the account',
      'From audit logs of mail, file storage, cloud consoles and business applications, list the actions taken after the first malicious sign-in: messages sent, files read or shared, rules created, permissions granted, and resources created. This is the impact assessment.',
    ),
    t(
      'revoke',
      'containment',
      'Reset the password and revoke sessions',
      'Reset the password, revoke all refresh tokens and active sessions, and sign the account out of every device. If the attacker is still active and the account is privileged, disable it until the steps below are complete.',
    ),
    t(
      'mfa',
      'containment',
      'Review and re-register MFA methods',
      'Remove MFA methods the owner does not recognise (attackers register their own authenticator app or phone), require re-registration in person or through a verified channel, and move the account to phishing-resistant MFA if it is privileged.',
    ),
    t(
      'persistence',
      'eradication',
      'Remove persistence set up through the account',
      'Delete inbox forwarding and hide rules, OAuth application consents, app passwords, API keys and access tokens, SSH keys and any new accounts or role assignments the attacker created. Check delegated mailbox and file access the account granted to others.',
    ),
    t(
      'block',
      'containment',
      'Block attacker infrastructure',
      'Block the attacker IPs and anonymising ranges used in conditional-access policies and on the VPN, and add their user agents or device ids to detection rules. Check whether the same IPs signed in to other accounts and open cases for them.',
    ),
    t(
      'downstream',
      'eradication',
      'Contain downstream misuse',
      'If the account sent phishing internally or to partners, purge those messages and warn recipients; if it changed payment details or approved transactions, involve finance to stop or reverse them; if data was shared externally, revoke the links.',
    ),
    t(
      'monitor',
      'recovery',
      'Monitor the account after recovery',
      'Return the account to its owner and watch its sign-ins and MFA registrations for two weeks. Alert on any sign-in from the attacker infrastructure or unfamiliar devices.',
    ),
    t(
      'lessons',
      'post_incident',
      'Review identity controls',
      'Record what let the attacker in and what would have stopped or detected it sooner: conditional access, phishing-resistant MFA, impossible-travel detection, token protection. Capture them as follow-up actions with owners.',
    ),
  ],
};

const DATA_EXFILTRATION: IncidentTemplate = {
  type: 'data_exfiltration',
  name: 'Data exfiltration',
  summary:
    'Data copied out of the organisation: stop the flow, establish exactly what left, and decide on notification.',
  tasks: [
    t(
      'channel',
      'detection_analysis',
      'Identify the exfiltration channel',
      'From proxy, firewall, DLP, DNS and cloud audit logs, identify how data left: upload to cloud storage or file-sharing sites, email to external addresses, DNS or HTTPS tunnelling, removable media, or a misconfigured public bucket. Add destinations as observables.',
    ),
    t(
      'volume',
      'detection_analysis',
      'Quantify what left and when',
      'Establish the time window and the volume transferred per destination, and the source hosts and accounts. Compare with the normal baseline of those hosts to separate exfiltration from business traffic.',
    ),
    t(
      'data',
      'detection_analysis',
      'Determine which data was taken',
      'Identify the files, databases or records accessed and transferred (file access logs, database audit logs, staging archives left on disk). Classify them: personal data, health data, payment data, credentials, intellectual property. This decides legal obligations; flag personal data and the regulations on the case.',
    ),
    t(
      'actor',
      'detection_analysis',
      'Attribute the activity to an account and host',
      'Tie the transfers to the account and host that made them, and decide whether this is an external attacker using a compromised account or an insider. An insider lead should involve HR and legal before anyone is contacted.',
    ),
    t(
      'stop-flow',
      'containment',
      'Block the exfiltration destinations',
      'Block the destination domains, IPs and cloud tenants at the proxy and firewall, revoke external sharing links, and close the public bucket or share. Confirm in the logs that transfers stopped.',
    ),
    t(
      'cut-access',
      'containment',
      'Cut off the account and host used',
      'Disable or reset the accounts used, revoke their tokens and API keys, and isolate the source hosts. Preserve their disks and logs before anything is wiped.',
    ),
    t(
      'takedown',
      'eradication',
      'Request removal of the data where it landed',
      'Ask the cloud or file-sharing provider to remove the uploaded data and preserve logs of who downloaded it. Monitor leak sites and paste sites for the data if the actor is external.',
    ),
    t(
      'legal',
      'containment',
      'Assess notification duties with legal and the DPO',
      'With legal counsel and the data protection officer, decide whether the breach must be notified to a supervisory authority (GDPR: within 72 hours of becoming aware) or to individuals (HIPAA: within 60 days), and record the awareness time and the decision on the case.',
    ),
    t(
      'controls',
      'eradication',
      'Close the gap that allowed the transfer',
      'Fix the weakness: restrict uploads to unsanctioned cloud services, enforce DLP policies on the data class, remove excessive access rights, or correct the storage configuration. Check for the same gap elsewhere.',
    ),
    t(
      'notify',
      'recovery',
      'Send the required notifications',
      'Notify the authority, affected individuals, partners or customers as decided, using texts reviewed by legal. Record when each notification went out; the case stops the breach clocks at the notification time.',
    ),
    t(
      'lessons',
      'post_incident',
      'Review data protection controls',
      'Record what data left, how long the transfer ran before detection, and which control should have stopped or flagged it. Add follow-up actions for DLP coverage, egress filtering and access reviews.',
    ),
  ],
};

const INSIDER: IncidentTemplate = {
  type: 'insider',
  name: 'Insider threat',
  summary:
    'An employee or contractor misusing legitimate access: investigate discreetly, with HR and legal, and preserve evidence that can stand up later.',
  tasks: [
    t(
      'involve',
      'detection_analysis',
      'Involve HR and legal before acting',
      'Brief HR and legal counsel, agree who is in the need-to-know group, and confirm what monitoring and evidence collection is lawful under the employment contract and local law. Restrict the case to that group (set TLP to red) and record the decisions.',
    ),
    t(
      'baseline',
      'detection_analysis',
      "Establish the person's normal access and duties",
      'Document the role, the systems and data the person legitimately needs, recent changes (resignation, performance process, role change) and their usual working hours and devices. Misuse shows up as departure from this baseline.',
    ),
    t(
      'activity',
      'detection_analysis',
      'Reconstruct the suspicious activity',
      'From file access, DLP, proxy, email, print, badge and endpoint logs, build a timeline of the actions of concern: bulk downloads, copies to USB or personal cloud, emails to personal addresses, access outside their duties. Keep queries and exports as evidence.',
    ),
    t(
      'preserve',
      'detection_analysis',
      'Preserve evidence forensically',
      'Image the laptop and mailbox and export the relevant logs with hashes, documenting the chain of custody for each item. Do it quietly: alerting the person may lead to evidence being destroyed.',
    ),
    t(
      'accomplices',
      'detection_analysis',
      'Check for accomplices or external contacts',
      'Look for communication with competitors or unknown external parties, shared credentials, and other accounts accessing the same data in the same pattern. Widen the case if others are involved.',
    ),
    t(
      'restrict',
      'containment',
      'Restrict access at the agreed moment',
      'Coordinate with HR the moment access is reduced or removed (often at a meeting with the person): disable accounts, revoke VPN, badges, tokens and shared passwords they knew, and collect company devices. Record the time each access was removed.',
    ),
    t(
      'recover-data',
      'eradication',
      'Recover or ensure deletion of taken data',
      'Through legal, request the return or certified deletion of data copied to personal devices or accounts; revoke external shares. Assess whether the data taken triggers breach notification and flag personal data on the case if so.',
    ),
    t(
      'shared-secrets',
      'eradication',
      'Rotate secrets the person knew',
      'Rotate service account passwords, API keys, shared administrator credentials, door codes and other secrets the person had access to, and review the access they granted to others.',
    ),
    t(
      'restore',
      'recovery',
      'Restore business operations',
      "Hand the person's duties, data and systems over to their manager, reassign ownership of their resources, and confirm nothing the business needs was deleted or left inaccessible.",
    ),
    t(
      'lessons',
      'post_incident',
      'Review access and leaver processes',
      'Record how long the misuse went on, whether access exceeded need, and how the leaver or role-change process performed. Add follow-up actions for access reviews, DLP and monitoring of high-risk leavers.',
    ),
  ],
};

export const INCIDENT_TEMPLATES: Readonly<Record<TemplatedIncidentType, IncidentTemplate>> = {
  phishing: PHISHING,
  malware: MALWARE,
  ransomware: RANSOMWARE,
  account_compromise: ACCOUNT_COMPROMISE,
  data_exfiltration: DATA_EXFILTRATION,
  insider: INSIDER,
};

/** The template of an incident type (`other` has none). */
export function templateOf(type: IncidentType): IncidentTemplate | null {
  return type === 'other' ? null : INCIDENT_TEMPLATES[type];
}

/** The `template` value of a task made from `task` of `type`. */
export function templateTaskId(type: TemplatedIncidentType, task: Pick<TaskTemplate, 'key'>): string {
  return `${type}/${task.key}`;
}
