/** The console's sections: nav entries, their paths and their `g`-shortcut letters. */
export interface Section {
  path: string;
  label: string;
  /** `g` then this key goes there. */
  key: string;
  /** Shown only to holders of this permission (null: everyone). */
  permission: string | null;
}

export const SECTIONS: readonly Section[] = [
  { path: '/overview', label: 'Overview', key: 'o', permission: null },
  { path: '/alerts', label: 'Alerts', key: 'a', permission: 'alerts:read' },
  { path: '/cases', label: 'Cases', key: 'c', permission: 'cases:read' },
  { path: '/search', label: 'Search', key: 's', permission: 'events:read' },
  { path: '/detections', label: 'Detections', key: 'd', permission: 'rules:read' },
  { path: '/admin', label: 'Admin', key: 'm', permission: null },
];
