/** Environment names match without regard to case (CONTRACT.md): the key they are stored and looked up by. */
export const environmentKey = (name: string) => name.trim().toLowerCase();
