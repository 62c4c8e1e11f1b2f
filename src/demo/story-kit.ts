/**
 * What every attack story shares: its description type (`StoryInfo`) and where it sits in the
 * window (a UTC clock time, pulled earlier when the window would end before the story does).
 */
import { atClock, type DayWindow, MINUTE, toSecond } from './schedule.ts';
import type { Pending } from './types.ts';

export type StoryId = 'ssh-spray' | 'phishing-macro' | 'aws-takeover' | 'port-scan';

export interface StoryStep {
  /** Epoch ms of the record(s) showing this step. */
  time: number;
  what: string;
  /** DemoRecord.source values where the step is visible. */
  sources: string[];
}

export interface StoryInfo {
  id: StoryId;
  title: string;
  summary: string;
  /** MITRE ATT&CK technique ids. */
  techniques: string[];
  start: number;
  end: number;
  hosts: string[];
  users: string[];
  ips: string[];
  domains: string[];
  steps: StoryStep[];
}

export interface BuiltStory {
  info: StoryInfo;
  records: Pending[];
}

/** Start of a story planned at `clockMs` UTC lasting `durationMs`, whole seconds, inside the window. */
export function storyStart(window: DayWindow, clockMs: number, durationMs: number): number {
  let t = atClock(window, clockMs);
  if (t + durationMs >= window.end) t = window.end - durationMs - MINUTE;
  return Math.max(toSecond(t), Math.ceil(window.start / 1000) * 1000);
}

/** Builds the info's start/end from its steps and records. */
export function finish(info: Omit<StoryInfo, 'start' | 'end'>, records: Pending[]): BuiltStory {
  const times = records.map((r) => r.time);
  const start = Math.min(...times);
  const end = Math.max(...times);
  return { info: { ...info, start, end, steps: [...info.steps].sort((a, b) => a.time - b.time) }, records };
}
