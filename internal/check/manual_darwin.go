package check

// installTopic is the manual section on installing the certificate on
// this OS: the supplement for the Mac.
var installTopic = "install.mac"
