import { Alert, Anchor, Button, Loader, Stack, Text } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useNavigate, useParams } from 'react-router';
import { AuthLayout } from './AuthLayout';
import { acceptInvitation, fetchMe, lookupInvitation, ME_QUERY_KEY } from './authApi';
import { SignUpForm } from './SignUpForm';

/** An invitation link: new people create an account into the workspace; signed-in people join it. */
export default function InvitePage() {
  const { token = '' } = useParams();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const invitation = useQuery({ queryKey: ['auth', 'invitation', token], queryFn: () => lookupInvitation(token), retry: false });
  const me = useQuery({ queryKey: ME_QUERY_KEY, queryFn: fetchMe });
  const accept = useMutation({
    mutationFn: () => acceptInvitation(token),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: ME_QUERY_KEY });
      void navigate('/', { replace: true });
    },
  });

  if (invitation.isPending || me.isPending) {
    return (
      <AuthLayout title="Invitation">
        <Loader aria-label="Loading the invitation" />
      </AuthLayout>
    );
  }
  if (invitation.error || !invitation.data) {
    return (
      <AuthLayout title="Invitation">
        <Alert color="red">This invitation link is not valid any more. Ask for a new one.</Alert>
      </AuthLayout>
    );
  }
  const inv = invitation.data;
  return (
    <AuthLayout title={`Join ${inv.workspaceName}`}>
      <Text size="sm" c="dimmed" mb="md">
        You are invited as <strong>{inv.role}</strong>
        {inv.email ? ` (${inv.email})` : ''}.
      </Text>
      {me.data ? (
        <Stack>
          <Text size="sm">Signed in as {me.data.user.email}.</Text>
          {accept.error && <Alert color="red">{accept.error.message}</Alert>}
          <Button onClick={() => accept.mutate()} loading={accept.isPending}>
            Join {inv.workspaceName}
          </Button>
        </Stack>
      ) : (
        <>
          <SignUpForm invitation={token} fixedEmail={inv.email} onDone={() => void navigate('/', { replace: true })} />
          <Text size="sm" mt="md" ta="center">
            Have an account? <Anchor component={Link} to={`/sign-in?next=${encodeURIComponent(`/invite/${token}`)}`}>Sign in first</Anchor>
          </Text>
        </>
      )}
    </AuthLayout>
  );
}
