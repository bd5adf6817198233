import { useTranslation } from 'react-i18next'
import type { Role } from '../api-types.ts'

/** Producer and/or dispatcher, at least one. */
export function RoleChoice({
  value,
  onChange,
  error
}: {
  value: Role[]
  onChange: (roles: Role[]) => void
  error?: string | null
}) {
  const { t } = useTranslation()
  const toggle = (role: Role, on: boolean) =>
    onChange(on ? [...value.filter((r) => r !== role), role] : value.filter((r) => r !== role))
  return (
    <fieldset aria-describedby="roles-hint">
      <legend>{t('role.legend')}</legend>
      <div className="checks">
        {(['producer', 'dispatcher'] as const).map((role) => (
          <label key={role}>
            <input
              type="checkbox"
              checked={value.includes(role)}
              onChange={(e) => toggle(role, e.target.checked)}
            />
            {t(`role.${role}`)}
          </label>
        ))}
      </div>
      <p className="hint muted" id="roles-hint">
        {t('role.hint')}
      </p>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
    </fieldset>
  )
}
