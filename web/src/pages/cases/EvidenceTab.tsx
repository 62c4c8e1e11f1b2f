/**
 * Evidence files of a case: upload one (sent as the raw body; Vigil keeps it read-only under its
 * SHA-256), and the list with name, size, hash and uploader; each downloads (the hash is
 * rechecked by Vigil before it sends the file).
 */
import {
  Anchor,
  Button,
  Code,
  FileInput,
  Group,
  Paper,
  Stack,
  Table,
  Text,
  TextInput,
  VisuallyHidden,
} from '@mantine/core';
import { useState } from 'react';
import type { CaseDetail } from '../../api/case-types.ts';
import { evidenceUrl, useUploadEvidence } from '../../api/cases.ts';
import { Icon } from '../../components/icons.tsx';
import { ProblemAlert } from '../../components/ProblemAlert.tsx';
import { formatBytes, formatTime } from '../../lib/format.ts';

export function EvidenceTab({ c, mayWrite }: { c: CaseDetail; mayWrite: boolean }) {
  return (
    <Stack gap="sm">
      {mayWrite && c.status !== 'closed' && <UploadEvidence caseId={c.id} />}
      {c.evidence.length === 0 ? (
        <Text size="sm" c="dimmed">
          No evidence yet: memory dumps, mail headers, logs, screenshots.
        </Text>
      ) : (
        <Table.ScrollContainer minWidth={760}>
          <Table aria-label="Evidence files" striped>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Name</Table.Th>
                <Table.Th>Size</Table.Th>
                <Table.Th>SHA-256</Table.Th>
                <Table.Th>Uploaded</Table.Th>
                <Table.Th>
                  <VisuallyHidden>Download</VisuallyHidden>
                </Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {c.evidence.map((e) => (
                <Table.Tr key={e.id} data-evidence={e.name}>
                  <Table.Td>
                    <Text size="sm" fw={500} style={{ overflowWrap: 'anywhere' }}>
                      {e.name}
                    </Text>
                    {e.description && (
                      <Text size="xs" c="dimmed">
                        {e.description}
                      </Text>
                    )}
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm">{formatBytes(e.size)}</Text>
                  </Table.Td>
                  <Table.Td>
                    <Code data-sha256 style={{ wordBreak: 'break-all' }}>
                      {e.sha256}
                    </Code>
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm">{e.uploadedBy}</Text>
                    <Text size="xs" c="dimmed">
                      {formatTime(e.uploadedAt)}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    <Anchor
                      href={evidenceUrl(c, e.id)}
                      download={e.name}
                      aria-label={`Download ${e.name}`}
                      size="sm"
                    >
                      <Group gap={4} wrap="nowrap">
                        <Icon name="download" size={16} />
                        Download
                      </Group>
                    </Anchor>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </Stack>
  );
}

function UploadEvidence({ caseId }: { caseId: string }) {
  const upload = useUploadEvidence();
  const [file, setFile] = useState<File | null>(null);
  const [description, setDescription] = useState('');
  return (
    <Paper withBorder p="sm">
      <form
        onSubmit={(e) => {
          e.preventDefault();
          if (!file) return;
          upload.mutate(
            { id: caseId, file, ...(description.trim() ? { description: description.trim() } : {}) },
            {
              onSuccess: () => {
                setFile(null);
                setDescription('');
              },
            },
          );
        }}
      >
        <Group align="flex-end" gap="sm">
          <FileInput
            label="Evidence file"
            placeholder="Choose a file"
            value={file}
            onChange={setFile}
            clearable
            style={{ flex: '1 1 240px' }}
            leftSection={<Icon name="upload" size={16} />}
          />
          <TextInput
            label="Description"
            value={description}
            onChange={(e) => setDescription(e.currentTarget.value)}
            style={{ flex: '1 1 240px' }}
          />
          <Button type="submit" disabled={!file} loading={upload.isPending}>
            Upload
          </Button>
        </Group>
        <ProblemAlert error={upload.error} title="The file was not uploaded" />
      </form>
    </Paper>
  );
}
