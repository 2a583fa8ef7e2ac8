import React from 'react';
import { EuiLink } from '@elastic/eui';
import { useNavigate } from '../../hooks/use_navigate';
import { paths } from '../../router/routes';

export function UserLink({ name }: { name: string }) {
  const { linkProps } = useNavigate();
  return <EuiLink {...linkProps(paths.user(name))}>{name}</EuiLink>;
}
