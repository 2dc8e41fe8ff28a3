import styles from './settings.module.css';

interface ChoiceFieldsetProps<T extends string> {
  legend: string;
  /** The radio group's name (unique on the page). */
  name: string;
  options: readonly { value: T; label: string }[];
  value: T;
  disabled: boolean;
  onChoose: (value: T) => void;
}

/** One server setting as a group of radio buttons (Up and Down move between them). */
export function ChoiceFieldset<T extends string>(props: ChoiceFieldsetProps<T>) {
  return (
    <fieldset className={styles.fieldset}>
      <legend className={styles.label}>{props.legend}</legend>
      {props.options.map((option) => (
        <label key={option.value} className={styles.choice}>
          <input
            type="radio"
            name={props.name}
            value={option.value}
            checked={props.value === option.value}
            disabled={props.disabled}
            onChange={() => props.onChoose(option.value)}
          />
          {option.label}
        </label>
      ))}
    </fieldset>
  );
}
