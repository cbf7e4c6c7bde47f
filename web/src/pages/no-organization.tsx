import { Stack, Text, Title } from '@mantine/core';

export function NoOrganizationPage() {
  return (
    <Stack p="xl" component="main">
      <Title order={1}>No organization yet</Title>
      <Text>Your account is not a member of any organization. Ask an administrator to invite you.</Text>
    </Stack>
  );
}
