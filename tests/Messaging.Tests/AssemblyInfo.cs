using McpGateway.TestSupport;

// One private RabbitMQ node for the whole assembly; each test takes a virtual host of its own.
[assembly: AssemblyFixture(typeof(RabbitMqServer))]
// These tests start several processes each and push thousands of messages; two cores run them one at a time.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
