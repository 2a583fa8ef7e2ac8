import React, { useState } from 'react';
import {
  EuiButton,
  EuiCallOut,
  EuiDescribedFormGroup,
  EuiFieldText,
  EuiForm,
  EuiFormRow,
  EuiSelect,
  EuiText,
} from '@elastic/eui';
import { API_LIMITS, type SettingsResponse } from '../../../common/api';
import type { ProfileName } from '../../../common/alert_document';
import { PROFILE_NAMES } from '../../../common/detection_config';
import { useServices } from '../../hooks/use_services';
import { describeHttpError, httpStatus } from '../../services/http_errors';
import { formatTime } from '../shared/format';
import { SettingInput } from './setting_input';
import { formValues, SETTING_GROUPS, type FormValues } from './settings_fields';
import { validateSettings } from './settings_validation';

type SaveProblem = { kind: 'conflict' | 'invalid' | 'failed'; message: string };

/**
 * The detection settings as a form: validated in the browser with the API's own validator, saved with the version it
 * was loaded at so a concurrent change is reported (409) instead of silently overwritten.
 */
export function SettingsForm({
  settings,
  onSaved,
  onReload,
}: {
  settings: SettingsResponse;
  onSaved: (s: SettingsResponse) => void;
  onReload: () => void;
}) {
  const { api, core } = useServices();
  const [initial] = useState<FormValues>(() => formValues(settings.effective));
  const [values, setValues] = useState<FormValues>(initial);
  const [profile, setProfile] = useState<ProfileName>(settings.profile);
  const [comment, setComment] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [problem, setProblem] = useState<SaveProblem | undefined>();
  const [saving, setSaving] = useState(false);

  const save = async () => {
    const { overrides, errors: found } = validateSettings(settings.overrides, initial, values);
    setErrors(found);
    setProblem(undefined);
    if (Object.keys(found).length > 0) return;
    setSaving(true);
    try {
      const saved = await api.updateSettings({
        profile,
        overrides,
        expected_version: settings.version,
        ...(comment.trim() ? { comment: comment.trim() } : {}),
      });
      // The server writes no version for a save that changes nothing: the same version comes back.
      core.notifications.toasts.addSuccess(
        saved.version === settings.version
          ? `Nothing changed: the settings stay at version ${saved.version}`
          : `Settings saved (version ${saved.version})`,
      );
      onSaved(saved);
    } catch (error) {
      const status = httpStatus(error);
      setProblem({
        kind: status === 409 ? 'conflict' : status === 400 ? 'invalid' : 'failed',
        message: describeHttpError(error),
      });
    } finally {
      setSaving(false);
    }
  };

  return (
    <EuiForm
      component="form"
      data-test-subj="settingsForm"
      onSubmit={(e) => {
        e.preventDefault();
        void save();
      }}
      fullWidth
    >
      <EuiText size="s" color="subdued">
        <p>
          Version {settings.version}
          {settings.updated_by
            ? `, last changed by ${settings.updated_by} at ${formatTime(settings.updated_at)}`
            : ' (profile defaults)'}
          .
        </p>
      </EuiText>
      {problem?.kind === 'conflict' && (
        <EuiCallOut
          title="Someone else changed the settings"
          color="warning"
          iconType="warning"
          role="alert"
          data-test-subj="settingsConflict"
        >
          <p>
            The settings changed since you opened this page (you edited version {settings.version}). Your changes were
            not saved. Reload to see the current settings, then apply your changes again. ({problem.message})
          </p>
          <EuiButton size="s" color="warning" onClick={onReload}>
            Reload settings
          </EuiButton>
        </EuiCallOut>
      )}
      {problem && problem.kind !== 'conflict' && (
        <EuiCallOut
          title={problem.kind === 'invalid' ? 'The settings were refused' : 'Saving failed'}
          color="danger"
          iconType="error"
          role="alert"
          data-test-subj="buffalogsPageError"
        >
          <p>{problem.message}</p>
        </EuiCallOut>
      )}
      {Object.keys(errors).length > 0 && (
        <EuiCallOut
          title={`Fix ${Object.keys(errors).length} setting(s) before saving`}
          color="danger"
          iconType="error"
          role="alert"
          size="s"
          data-test-subj="settingsInvalid"
        />
      )}
      <EuiDescribedFormGroup
        title={<h2>Profile</h2>}
        description="The defaults the overrides apply to: the product's own, or BuffaLogs 3.0's."
      >
        <EuiFormRow label="Profile">
          <EuiSelect
            value={profile}
            options={PROFILE_NAMES.map((p) => ({ value: p, text: p }))}
            onChange={(e) => setProfile(e.target.value as ProfileName)}
            data-test-subj="settingsProfile"
          />
        </EuiFormRow>
      </EuiDescribedFormGroup>
      {SETTING_GROUPS.map((group) => (
        <EuiDescribedFormGroup key={group.title} title={<h2>{group.title}</h2>} description="">
          {group.fields.map((field) => (
            <SettingInput
              key={field.path}
              field={field}
              value={values[field.path]}
              error={errors[field.path]}
              onChange={(value) => setValues((v) => ({ ...v, [field.path]: value }))}
            />
          ))}
        </EuiDescribedFormGroup>
      ))}
      <EuiFormRow label="Why this change (kept in the history)">
        <EuiFieldText
          value={comment}
          maxLength={API_LIMITS.maxSettingsCommentLength}
          onChange={(e) => setComment(e.target.value)}
          data-test-subj="settingsComment"
        />
      </EuiFormRow>
      <EuiButton type="submit" fill isLoading={saving} data-test-subj="settingsSaveButton">
        Save settings
      </EuiButton>
    </EuiForm>
  );
}
