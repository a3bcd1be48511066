package check

// installTopic is the manual section on installing the certificate on
// this OS: the manual's Windows steps.
var installTopic = "install"
