// Package lv204 defines an analyzer that reports VPC functions whose
// subnets send their default route to an internet gateway.
//
// # Analyzer LV204
//
// LV204: default route to an internet gateway: no way out for a VPC function
//
// A subnet whose 0.0.0.0/0 route goes to an internet gateway looks public,
// but an internet gateway only carries traffic from addresses with a public
// IP, and the network interfaces Lambda creates in a VPC never get one. A
// function placed there has no internet and no public AWS APIs, exactly as
// if the subnet had no route out, while its configuration suggests it has.
//
// LV204 reports a VPC function that needs something beyond the VPC (the
// internet, or a public AWS API named by its permissions, SAM policy
// templates or environment) from such a subnet, unless a VPC endpoint in
// reach serves it. It is reported instead of LV203 for those subnets. The
// fix is to put the function in private subnets whose default route goes to
// a NAT gateway (which itself sits in a public subnet), or to add VPC
// endpoints for the AWS services it calls. Like LV203 it is a warning when
// the need rests only on broad permissions, and silent when the subnets or
// their routes are not known.
package lv204
