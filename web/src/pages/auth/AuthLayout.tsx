import { Center, Group, Paper, Stack, Text, Title } from '@mantine/core';
import type { ReactNode } from 'react';

/** The frame of the sign-in, sign-up and invitation pages: the mark, a title and one card. */
export function AuthLayout({ title, children }: { title: string; children: ReactNode }) {
  return (
    <Center mih="100vh" p="md" component="main" id="main">
      <Stack w="100%" maw={420} gap="lg">
        <Group gap="xs" justify="center">
          <img src="/favicon.svg" alt="" width={28} height={28} />
          <Text fw={700} size="xl" component="span">
            Atom
          </Text>
        </Group>
        <Paper withBorder radius="md" p="xl">
          <Title order={1} size="h3" mb="md">
            {title}
          </Title>
          {children}
        </Paper>
      </Stack>
    </Center>
  );
}
