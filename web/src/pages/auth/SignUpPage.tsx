import { Alert, Anchor, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { Link, useNavigate } from 'react-router';
import { AuthLayout } from './AuthLayout';
import { fetchProviders } from './authApi';
import { SignUpForm } from './SignUpForm';

export default function SignUpPage() {
  const navigate = useNavigate();
  const providers = useQuery({ queryKey: ['auth', 'providers'], queryFn: fetchProviders });
  const closed = providers.data?.signup === 'invite' && !providers.data.needsFirstAccount;
  return (
    <AuthLayout title={providers.data?.needsFirstAccount ? 'Create the first account' : 'Create an account'}>
      {providers.data?.needsFirstAccount && (
        <Text size="sm" c="dimmed" mb="md">
          You will own the first workspace and can invite your team.
        </Text>
      )}
      {closed ? (
        <Alert color="yellow">Accounts on this server are by invitation. Ask an administrator for an invitation link.</Alert>
      ) : (
        <SignUpForm onDone={() => void navigate('/', { replace: true })} />
      )}
      <Text size="sm" mt="md" ta="center">
        Have an account? <Anchor component={Link} to="/sign-in">Sign in</Anchor>
      </Text>
    </AuthLayout>
  );
}
