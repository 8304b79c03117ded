using Citrine.Cli.Commands;

return await CitrineCli.RunAsync(args).ConfigureAwait(false);
