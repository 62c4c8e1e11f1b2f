/**
 * Importing rules: pick a .yml, .zip or .json file; a dry run shows what would change and every
 * error with its file, line and column; then import for real. Each upload shows its progress by
 * bytes (XMLHttpRequest upload events: fetch cannot report them), then the server's counts.
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
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { queryString, requestHeaders } from '../../api/client.ts';
import { ApiError, problemOf } from '../../api/problem.ts';
import { importContentType } from '../../api/rules.ts';
import type { ImportReport } from '../../api/types.ts';
import { Icon } from '../../components/icons.tsx';
import { ProblemAlert } from '../../components/ProblemAlert.tsx';
import { formatBytes } from '../../lib/format.ts';

interface Sent {
  loaded: number;
  total: number;
}

/** `POST /api/v1/rules/import` with the file as the body, telling `onProgress` the bytes sent. */
function uploadRules(file: File, dryRun: boolean, onProgress: (s: Sent) => void): Promise<ImportReport> {
  const type = importContentType(file.name);
  if (!type) return Promise.reject(new Error(`${file.name}: choose a .zip, .yml/.yaml or .json file`));
  const name = file.name.replace(/[^A-Za-z0-9_.@+ -]/g, '_').slice(0, 128);
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', `/api/v1/rules/import${queryString({ dryRun, name })}`);
    for (const [k, v] of Object.entries(requestHeaders('POST', false))) xhr.setRequestHeader(k, v);
    xhr.setRequestHeader('content-type', type);
    xhr.upload.onprogress = (e) =>
      onProgress({ loaded: e.loaded, total: e.lengthComputable ? e.total : file.size });
    xhr.onload = () => {
      if (xhr.status >= 200 && xhr.status < 300) {
        try {
          resolve(JSON.parse(xhr.responseText) as ImportReport);
        } catch {
          reject(new Error('Vigil answered the import with something that is not a report'));
        }
        return;
      }
      void problemOf(new Response(xhr.responseText, { status: xhr.status })).then((p) =>
        reject(new ApiError(p)),
      );
    };
    xhr.onerror = () => reject(new Error('the upload failed: the connection to Vigil was lost'));
    xhr.send(file);
  });
}

export function ImportRules() {
  const client = useQueryClient();
  const [file, setFile] = useState<File | null>(null);
  const [sent, setSent] = useState<Sent | null>(null);
  const importer = useMutation({
    mutationFn: (v: { file: File; dryRun: boolean }) => uploadRules(v.file, v.dryRun, setSent),
    onSuccess: (r) => {
      if (r.committed) void client.invalidateQueries({ queryKey: ['rules'] });
    },
  });
  const [report, setReport] = useState<ImportReport | null>(null);
  const close = () => {
    setFile(null);
    setReport(null);
    setSent(null);
    importer.reset();
  };
  const run = (f: File, dryRun: boolean) => {
    setSent({ loaded: 0, total: f.size });
    importer.mutate({ file: f, dryRun }, { onSuccess: setReport });
  };
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
          {importer.isPending && <Sending sent={sent} dryRun={!report} />}
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

/** The bytes sent so far, then (the server working) an indeterminate bar. */
function Sending({ sent, dryRun }: { sent: Sent | null; dryRun: boolean }) {
  const uploading = sent !== null && sent.total > 0 && sent.loaded < sent.total;
  if (uploading) {
    const percent = Math.round((sent.loaded / sent.total) * 100);
    return (
      <Stack gap={4} data-import-phase="upload">
        <Text size="sm">
          Uploading {formatBytes(sent.loaded)} of {formatBytes(sent.total)} ({percent}%)
        </Text>
        <Progress value={percent} aria-label="Upload progress" transitionDuration={150} />
      </Stack>
    );
  }
  return (
    <Stack gap={4} data-import-phase="server">
      <Text size="sm">
        {sent ? `Uploaded ${formatBytes(sent.total)}; ` : ''}
        {`${sent ? 'n' : 'N'}ow ${dryRun ? 'checking the rules (dry run)…' : 'importing…'}`}
      </Text>
      <Progress value={100} animated striped aria-label="Import in progress" />
    </Stack>
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
