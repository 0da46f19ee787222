export interface StepsProps {
  url: string;
  secret: string;
  /** Generic only: offered where a provider cannot send what Shipwatch needs (Azure DevOps YAML pipelines). */
  onUseGeneric?: (() => void) | undefined;
}
