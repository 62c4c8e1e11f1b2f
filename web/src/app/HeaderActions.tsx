/** The header's right side: tenant picker (several tenants only), shortcuts help, theme toggle, user menu. */
import {
  ActionIcon,
  Group,
  Menu,
  Select,
  Text,
  Tooltip,
  UnstyledButton,
  useComputedColorScheme,
  useMantineColorScheme,
} from '@mantine/core';
import { useNavigate } from 'react-router-dom';
import { useLogout, useSession } from '../api/session.tsx';
import { useTenant } from '../api/tenant.tsx';
import { Icon } from '../components/icons.tsx';
import { useKeyboardHelp } from '../keyboard/KeyboardProvider.tsx';

const ALL = '*';

function TenantPicker() {
  const { tenant, tenants, choose } = useTenant();
  if (tenants.length < 2) return null;
  return (
    <Select
      aria-label="Tenant"
      size="xs"
      w={170}
      allowDeselect={false}
      value={tenant ?? ALL}
      onChange={(v) => choose(v === ALL || v === null ? null : v)}
      data={[{ value: ALL, label: 'All tenants' }, ...tenants.map((t) => ({ value: t, label: t }))]}
    />
  );
}

function ThemeToggle() {
  const { setColorScheme } = useMantineColorScheme();
  const scheme = useComputedColorScheme('dark');
  const next = scheme === 'dark' ? 'light' : 'dark';
  return (
    <Tooltip label={`Switch to the ${next} theme`}>
      <ActionIcon
        variant="subtle"
        size="lg"
        onClick={() => setColorScheme(next)}
        aria-label={`Switch to the ${next} theme`}
      >
        <Icon name={scheme === 'dark' ? 'sun' : 'moon'} />
      </ActionIcon>
    </Tooltip>
  );
}

function UserMenu() {
  const { session } = useSession();
  const logout = useLogout();
  const navigate = useNavigate();
  if (!session) return null;
  const shown = session.displayName || session.name;
  return (
    <Menu position="bottom-end" withArrow>
      <Menu.Target>
        <UnstyledButton aria-label={`Account menu for ${shown}`} px={6}>
          <Group gap={6} wrap="nowrap">
            <Icon name="user" />
            <Text size="sm" visibleFrom="sm">
              {shown}
            </Text>
          </Group>
        </UnstyledButton>
      </Menu.Target>
      <Menu.Dropdown>
        <Menu.Label>
          {session.name} · {session.roles.join(', ') || 'no role'}
        </Menu.Label>
        <Menu.Item onClick={() => navigate('/account')}>Change password</Menu.Item>
        <Menu.Item onClick={() => navigate('/admin/api-keys')}>My API keys</Menu.Item>
        <Menu.Divider />
        <Menu.Item
          color="red"
          onClick={() => logout.mutate(undefined, { onSettled: () => navigate('/login') })}
        >
          Sign out
        </Menu.Item>
      </Menu.Dropdown>
    </Menu>
  );
}

export function HeaderActions() {
  const help = useKeyboardHelp();
  return (
    <Group gap="xs" wrap="nowrap">
      <TenantPicker />
      <Tooltip label="Keyboard shortcuts (?)">
        <ActionIcon variant="subtle" size="lg" onClick={help} aria-label="Keyboard shortcuts">
          <Icon name="keyboard" />
        </ActionIcon>
      </Tooltip>
      <ThemeToggle />
      <UserMenu />
    </Group>
  );
}
