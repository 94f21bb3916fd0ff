// Renders its children with the signed-in person once account.me is loaded; progress, failure
// and (h5 only) "choose who you are" otherwise.
import type { ReactNode } from 'react';
import type { Me } from '../../types/account';
import { refreshSession, useSession } from '../services/session';
import { ErrorState, LoadingState } from './PageState';

export default function SessionGate({ children }: { children: (me: Me) => ReactNode }) {
  const session = useSession();
  if (session.me) return <>{children(session.me)}</>;
  if (process.env.TARO_ENV === 'h5' && session.status === 'needsIdentity') {
    // require inside the constant branch: webpack never reaches it in the weapp build, so the
    // local identity picker is not bundled there.
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- an import would bundle it in every build
    const { IdentityPicker } = require('../dev/IdentityPicker') as typeof import('../dev/IdentityPicker');
    return <IdentityPicker />;
  }
  if (session.status === 'error') return <ErrorState message={session.error ?? ''} onRetry={() => void refreshSession()} />;
  return <LoadingState />;
}
