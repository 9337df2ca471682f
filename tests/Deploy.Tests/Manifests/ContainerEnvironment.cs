namespace McpGateway.Deploy.Tests.Manifests;

public enum EnvironmentSource { Value, ConfigMap, Secret, Field }

/// <summary>One environment variable a container gets, and where its value comes from.</summary>
public sealed record EnvironmentVariable(string Name, EnvironmentSource Source, string? Value, KeySelector? SecretKey, string Origin)
{
    public override string ToString() => $"{Name} (from {Origin})";
}

/// <summary>What a container's environment is once `envFrom` and `env` are applied, as the kubelet does it.</summary>
public static class ContainerEnvironment
{
    /// <summary>
    /// Every variable the container gets, by name: `envFrom` sources in order, then `env`, each later one winning.
    /// ConfigMaps must be rendered by the same kustomization. A whole Secret through `envFrom` is refused: it would
    /// hide which variables a pod gets.
    /// </summary>
    public static IReadOnlyDictionary<string, EnvironmentVariable> EnvironmentOf(this Container container, RenderedManifests manifests)
    {
        var variables = new Dictionary<string, EnvironmentVariable>(StringComparer.Ordinal);
        foreach (var source in container.EnvFrom ?? [])
        {
            if (source.SecretRef is { } secret)
            {
                throw new NotSupportedException($"{container.Name}: envFrom secretRef {secret.Name} hides which variables the pod gets; name each with secretKeyRef.");
            }
            var configMap = source.ConfigMapRef ?? throw new NotSupportedException($"{container.Name}: an envFrom without configMapRef");
            foreach (var (key, value) in manifests.ConfigMapData(configMap.Name))
            {
                var name = (source.Prefix ?? "") + key;
                variables[name] = new EnvironmentVariable(name, EnvironmentSource.ConfigMap, value, null, $"ConfigMap {configMap.Name}");
            }
        }
        foreach (var variable in container.Env ?? [])
        {
            variables[variable.Name] = variable.ValueFrom switch
            {
                null => new EnvironmentVariable(variable.Name, EnvironmentSource.Value, variable.Value ?? "", null, "value"),
                { SecretKeyRef: { } key } => new EnvironmentVariable(variable.Name, EnvironmentSource.Secret, null, key, $"Secret {key.Name} key {key.Key}"),
                { ConfigMapKeyRef: { } key } => new EnvironmentVariable(variable.Name, EnvironmentSource.ConfigMap,
                    manifests.ConfigMapData(key.Name).GetValueOrDefault(key.Key), null, $"ConfigMap {key.Name} key {key.Key}"),
                _ => new EnvironmentVariable(variable.Name, EnvironmentSource.Field, null, null, "fieldRef"),
            };
        }
        return variables;
    }

    /// <summary>
    /// The environment with values, for starting the container's process outside Kubernetes: Secret values come from
    /// <paramref name="secretValue"/> (null: the key is absent, so an optional variable is left out).
    /// </summary>
    public static IReadOnlyDictionary<string, string> ResolveEnvironment(this Container container, RenderedManifests manifests, Func<KeySelector, string?> secretValue)
    {
        var resolved = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var variable in container.EnvironmentOf(manifests).Values)
        {
            var value = variable.Source == EnvironmentSource.Secret ? secretValue(variable.SecretKey!) : variable.Value;
            if (value is not null)
            {
                resolved[variable.Name] = value;
            }
            else if (variable.SecretKey is { Optional: not true } key)
            {
                throw new InvalidOperationException($"{container.Name} needs key {key.Key} of Secret {key.Name}");
            }
        }
        return resolved;
    }
}
