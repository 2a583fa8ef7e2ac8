import React from 'react';
import { EuiCode, EuiText } from '@elastic/eui';
import type { SourceUser } from '../../../common/alert_document';

/**
 * "as seen in: okta.system → jdoe@corp.com, system.security → CORP\jdoe": the names a person's sources wrote, beside
 * the canonical identity the detector keys on (identity mode, `buffalogs.identity`).
 */
export function SourceNames({ identity, names }: { identity: string; names: readonly SourceUser[] }) {
  return (
    <EuiText size="s" data-test-subj="sourceNames">
      <span>
        identity <strong data-test-subj="sourceNamesIdentity">{identity}</strong>, as seen in:{' '}
      </span>
      {names.map((n, i) => (
        <React.Fragment key={`${n.dataset ?? ''}\n${n.name}`}>
          {i > 0 && ', '}
          <span data-test-subj="sourceName">
            {n.dataset ?? 'unknown source'} → <EuiCode transparentBackground>{n.name}</EuiCode>
          </span>
        </React.Fragment>
      ))}
    </EuiText>
  );
}
