import { useContext } from 'react';
import { AppContext, type AppServices } from '../app_context';

export function useServices(): AppServices {
  const services = useContext(AppContext);
  if (!services) throw new Error('useServices() must be used inside the BuffaLogs app');
  return services;
}
