/**
 * Importing rules: pick a .yml, .zip or .json file; a dry run shows what would change and every
 * error with its file, line and column; then import for real.
 */
import {
  Alert,
  Badge,
  Button,
  FileButton,
  Group,
  Modal,
  Progress,
  ScrollArea,
  Stack,
  Table,
  Text,
} from '@mantine/core';
import { useState } from 'react';
import { useImportRules } from '../../api/rules.ts';
import type { ImportReport } from '../../api/types.ts';
import { Icon } from '../../components/icons.tsx';
import { ProblemAlert } from '../../components/ProblemAlert.tsx';

export function ImportRules() {
  const [file, setFile] = useState<File | null>(null);
  const importer = useImportRules();
  const [report, setReport] = useState<ImportReport | null>(null);
  const close = () => {
    setFile(null);
    setReport(null);
    importer.reset();
  };
  const run = (f: File, dryRun: boolean) => importer.mutate({ file: f, dryRun }, { onSuccess: setReport });
  return (
    <>
      <FileButton
        accept=".yml,.yaml,.zip,.json"
        onChange={(f) => {
          if (!f) return;
          setFile(f);
          setReport(null);
          run(f, true);
        }}
      >
        {(props) => (
          <Button {...props} leftSection={<Icon name="upload" size={16} />} variant="light">
            Import rules
          </Button>
        )}
      </FileButton>
      <Modal opened={file !== null} onClose={close} title={`Import ${file?.name ?? ''}`} size="xl">
        <Stack gap="sm">
          {importer.isPending && (
            <>
              <Text size="sm">{report ? 'Importing…' : 'Checking the rules (dry run)…'}</Text>
              <Progress value={100} animated striped aria-label="Import in progress" />
            </>
          )}
          <ProblemAlert error={importer.error} title="The import failed" />
          {report && <ImportSummary report={report} />}
          <Group justify="flex-end">
            <Button variant="default" onClick={close}>
              {report?.committed ? 'Done' : 'Cancel'}
            </Button>
            {report?.dryRun && file && (
              <Button
                onClick={() => run(file, false)}
                loading={importer.isPending}
                disabled={report.totals.imported + report.totals.updated === 0}
              >
                Import {report.totals.imported + report.totals.updated} rules
              </Button>
            )}
          </Group>
        </Stack>
      </Modal>
    </>
  );
}

function ImportSummary({ report }: { report: ImportReport }) {
  const t = report.totals;
  const located = report.files.flatMap((f) => [
    ...f.errors.map((e) => ({ ...e, kind: 'error' as const })),
    ...f.unsupported.map((e) => ({ ...e, kind: 'cannot run here' as const })),
  ]);
  return (
    <Stack gap="xs">
      {report.committed ? (
        <Alert color="green" role="status">
          Imported into {report.source}; the running rule set was reloaded.
        </Alert>
      ) : (
        <Text size="sm">Dry run: nothing is written yet.</Text>
      )}
      <Group gap="xs">
        <Badge color="green" variant="light">
          {t.imported} new
        </Badge>
        <Badge color="blue" variant="light">
          {t.updated} updated
        </Badge>
        <Badge color="gray" variant="light">
          {t.unchanged} unchanged
        </Badge>
        <Badge color="red" variant="light">
          {t.errors} errors
        </Badge>
        <Badge color="orange" variant="light">
          {t.unsupported} cannot run here
        </Badge>
        {report.ignored > 0 && (
          <Badge color="gray" variant="outline">
            {report.ignored} files ignored
          </Badge>
        )}
      </Group>
      {report.problems.map((p) => (
        <Alert key={p.file} color="orange" variant="light">
          {p.file}: {p.reason}
        </Alert>
      ))}
      {located.length > 0 && (
        <ScrollArea.Autosize mah={320}>
          <Table verticalSpacing={4} fz="xs" aria-label="Import problems">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Where</Table.Th>
                <Table.Th>Kind</Table.Th>
                <Table.Th>Why</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {located.map((e) => (
                <Table.Tr key={`${e.file}:${e.line}:${e.column}:${e.reason}`}>
                  <Table.Td className="vigil-mono">
                    {e.file}:{e.line}:{e.column}
                  </Table.Td>
                  <Table.Td>{e.kind}</Table.Td>
                  <Table.Td>{e.reason}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </ScrollArea.Autosize>
      )}
    </Stack>
  );
}
