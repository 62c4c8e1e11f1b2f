/** The frame around every page: sidebar navigation, and a header with tenant, shortcuts, theme and user menu. */
import { AppShell, Burger, Center, Group, Loader, NavLink, ScrollArea, Text, Title } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { Suspense } from 'react';
import { Link, Outlet, useLocation } from 'react-router-dom';
import { useSession } from '../api/session.tsx';
import { Icon } from '../components/icons.tsx';
import { HeaderActions } from './HeaderActions.tsx';
import { SECTIONS } from './sections.ts';

export function Shell() {
  const [opened, { toggle, close }] = useDisclosure();
  const { can } = useSession();
  const { pathname } = useLocation();
  const sections = SECTIONS.filter((s) => s.permission === null || can(s.permission));
  return (
    <AppShell
      header={{ height: 52 }}
      navbar={{ width: 210, breakpoint: 'sm', collapsed: { mobile: !opened } }}
      padding="md"
    >
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between" wrap="nowrap">
          <Group gap="sm" wrap="nowrap">
            <Burger
              opened={opened}
              onClick={toggle}
              hiddenFrom="sm"
              size="sm"
              aria-label="Toggle navigation"
            />
            <Icon name="detections" size={22} />
            <Title order={1} size="h4">
              Vigil
            </Title>
          </Group>
          <HeaderActions />
        </Group>
      </AppShell.Header>
      <AppShell.Navbar p="xs" aria-label="Sections">
        <ScrollArea>
          {sections.map((s) => (
            <NavLink
              key={s.path}
              component={Link}
              to={s.path}
              onClick={close}
              active={pathname === s.path || pathname.startsWith(`${s.path}/`)}
              label={s.label}
              leftSection={<Icon name={s.path.slice(1)} />}
              rightSection={
                <Text size="xs" c="dimmed" aria-hidden="true">
                  g {s.key}
                </Text>
              }
            />
          ))}
        </ScrollArea>
      </AppShell.Navbar>
      <AppShell.Main>
        <Suspense
          fallback={
            <Center h={200}>
              <Loader aria-label="Loading the page" />
            </Center>
          }
        >
          <Outlet />
        </Suspense>
      </AppShell.Main>
    </AppShell>
  );
}
