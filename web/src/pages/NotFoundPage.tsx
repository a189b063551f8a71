import { Anchor, Text, Title } from '@mantine/core';
import { Link } from 'react-router';

export default function NotFoundPage() {
  return (
    <>
      <Title order={1}>Page not found</Title>
      <Text mt="xs">
        There is nothing here.{' '}
        <Anchor component={Link} to="/">
          Go home
        </Anchor>
        .
      </Text>
    </>
  );
}
