/** Detections: the rule library, the ATT&CK coverage of the enabled rules, and trying a rule on events. */
import { Tabs, Title } from '@mantine/core';
import { Route, Routes, useLocation, useNavigate } from 'react-router-dom';
import { CoverageTab } from './CoverageTab.tsx';
import { RuleDetailPage } from './RuleDetailPage.tsx';
import { RulesTab } from './RulesTab.tsx';
import { RuleTestTab } from './RuleTestTab.tsx';

const TABS = [
  { value: '/detections', label: 'Rules' },
  { value: '/detections/coverage', label: 'ATT&CK coverage' },
  { value: '/detections/test', label: 'Test a rule' },
];

export function DetectionsPage() {
  const { pathname } = useLocation();
  const navigate = useNavigate();
  const current = TABS.find((t) => t.value === pathname)?.value ?? '/detections';
  return (
    <>
      <Title order={2} mb="sm">
        Detections
      </Title>
      <Tabs value={current} onChange={(v) => v && navigate(v)} mb="md">
        <Tabs.List>
          {TABS.map((t) => (
            <Tabs.Tab key={t.value} value={t.value}>
              {t.label}
            </Tabs.Tab>
          ))}
        </Tabs.List>
      </Tabs>
      <Routes>
        <Route index element={<RulesTab />} />
        <Route path="coverage" element={<CoverageTab />} />
        <Route path="test" element={<RuleTestTab />} />
        <Route path="rules/:id" element={<RuleDetailPage />} />
      </Routes>
    </>
  );
}
