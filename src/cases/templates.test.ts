import { describe, expect, it } from 'vitest';
import { CASE_PHASES } from './phases.ts';
import { INCIDENT_TEMPLATES, INCIDENT_TYPES, templateOf, templateTaskId } from './templates.ts';

describe('task templates per incident type', () => {
  const templates = Object.values(INCIDENT_TEMPLATES);

  it('has one for every incident type but "other"', () => {
    expect(templates.map((t) => t.type).sort()).toEqual(INCIDENT_TYPES.filter((t) => t !== 'other').sort());
    expect(templateOf('other')).toBeNull();
    expect(templateOf('phishing')?.name).toBe('Phishing');
  });

  it.each(templates.map((t) => [t.type, t] as const))(
    '%s: 8–15 tasks with unique keys, real descriptions, and every IR phase covered',
    (_type, t) => {
      expect(t.tasks.length).toBeGreaterThanOrEqual(8);
      expect(t.tasks.length).toBeLessThanOrEqual(15);
      expect(new Set(t.tasks.map((x) => x.key)).size).toBe(t.tasks.length);
      expect(new Set(t.tasks.map((x) => x.title)).size).toBe(t.tasks.length);
      for (const task of t.tasks) {
        expect(task.key).toMatch(/^[a-z][a-z0-9-]*$/);
        expect(task.title.length).toBeGreaterThan(10);
        // A paragraph: several sentences of what to do, not a placeholder.
        expect(task.description.length).toBeGreaterThan(120);
        expect(task.description).not.toMatch(/TODO|lorem|TBD/i);
      }
      expect(new Set(t.tasks.map((x) => x.phase))).toEqual(new Set(CASE_PHASES));
    },
  );

  it('phishing covers the steps a SOC takes for a reported message', () => {
    const titles = INCIDENT_TEMPLATES.phishing.tasks.map((t) => t.title.toLowerCase()).join('\n');
    for (const step of ['headers', 'other recipients', 'block the sender', 'purge', 'reset credentials'])
      expect(titles).toContain(step);
  });

  it('names a template task by type and key', () => {
    const first = INCIDENT_TEMPLATES.ransomware.tasks[0]!;
    expect(templateTaskId('ransomware', first)).toBe(`ransomware/${first.key}`);
  });
});
